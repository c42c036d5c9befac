# Multi-stage build: the SDK compiles and publishes, the ASP.NET runtime image serves as a non-root user on 8080.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props LeadsAssurance.Blazor.sln ./
COPY LeadsAssurance.Domain/LeadsAssurance.Domain.csproj LeadsAssurance.Domain/
COPY LeadsAssurance.Web/LeadsAssurance.Web.csproj LeadsAssurance.Web/
RUN dotnet restore LeadsAssurance.Web/LeadsAssurance.Web.csproj -r linux-x64
COPY LeadsAssurance.Domain/ LeadsAssurance.Domain/
COPY LeadsAssurance.Web/ LeadsAssurance.Web/
RUN dotnet publish LeadsAssurance.Web/LeadsAssurance.Web.csproj -c Release -r linux-x64 --self-contained false \
    --no-restore -o /app/publish /p:UseAppHost=false

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS final
WORKDIR /app
COPY --from=build /app/publish .
# The aspnet image ships the non-root "app" user (UID 1654) and listens on 8080 by default. /imports is where the
# compose file mounts the import volume shared by the nodes: created here so the volume starts owned by "app".
RUN mkdir /imports && chown app /imports
USER app
ENV ASPNETCORE_HTTP_PORTS=8080 \
    ASPNETCORE_ENVIRONMENT=Production \
    DOTNET_RUNNING_IN_CONTAINER=true
EXPOSE 8080
# ConnectionStrings__Default, App__PublicBaseUrl and Email__Smtp__Host must be set (Production refuses to start without them).
ENTRYPOINT ["dotnet", "LeadsAssurance.Web.dll"]
