using System.Globalization;
using System.Text.Json.Serialization;
using LeadsAssurance.Domain;
using LeadsAssurance.Domain.Data;
using LeadsAssurance.Web.Hosting.Auth;
using LeadsAssurance.Web.Hosting.Health;
using Microsoft.AspNetCore.DataProtection;
using LeadsAssurance.Web.Components;
using LeadsAssurance.Web.Endpoints;
using MudBlazor.Services;
using Scalar.AspNetCore;

namespace LeadsAssurance.Web.Hosting;

public static class HostingExtensions
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        var (connectionString, sharedServer) = builder.ResolveConnectionString();
        builder.AddDomainServices(connectionString);
        var services = builder.Services;

        builder.AddJobs(connectionString, sharedServer);
        builder.AddObservability();
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddMudServices();
        services.AddAppAuthentication();
        services.AddSecureCookies(builder.Environment, builder.Configuration);
        builder.AddPublicAddress();
        services.AddHttpContextAccessor();
        services.AddProxySupport(builder.Configuration);
        // Keys in PostgreSQL: a cookie issued by one node is read by every other, and a restart logs nobody out.
        services.AddDataProtection().SetApplicationName("LeadsAssurance").PersistKeysToDbContext<AppDbContext>();

        services.AddProblemDetails();
        services.AddExceptionHandler<Errors.AppExceptionHandler>();
        // In every environment (the default is Development only): a value the binder refuses becomes an exception that
        // AppExceptionHandler turns into a ProblemDetails naming the field, not an empty 400.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter());
            o.SerializerOptions.Converters.Add(new MoneyJsonConverter());
        });
        services.AddAppRateLimits();
        // Uploaded CSV files live beside the embedded database unless Import:Folder says otherwise; so do e-mails
        // when no SMTP server is set.
        var dataFolder = Path.Combine(builder.Environment.ContentRootPath, builder.Configuration["Database:DataFolder"] ?? ".data");
        var importFolder = builder.Configuration["Import:Folder"] ?? Path.Combine(dataFolder, "imports");
        services.PostConfigure<Domain.Ingestion.ImportOptions>(o => o.Folder = importFolder);
        builder.AddEmailDelivery(dataFolder);
        builder.AddConsentSigningKey(dataFolder, sharedServer);
        builder.AddSuppressionKey(dataFolder);
        services.AddAppOpenApi();
        services.AddAppHealthChecks();
        services.AddSignalR();
        services.AddSingleton<Realtime.HubConnections>();
        services.AddHostedService<Realtime.MarketHubBridge>();
        if (builder.Environment.IsDevelopment())
            services.AddDatabaseDeveloperPageExceptionFilter();
        return builder;
    }

    public static WebApplication UseApplicationPipeline(this WebApplication app)
    {
        var french = new CultureInfo("fr-FR");
        CultureInfo.DefaultThreadCurrentCulture = french;
        CultureInfo.DefaultThreadCurrentUICulture = french;
        app.UseRequestLocalization(o =>
        {
            o.DefaultRequestCulture = new Microsoft.AspNetCore.Localization.RequestCulture(french);
            o.SupportedCultures = o.SupportedUICultures = [french];
        });

        app.UseForwardedHeaders();
        // In every environment: domain exceptions and database outages get their status (AppExceptionHandler); an
        // API error is always ProblemDetails, a page error the error page.
        app.UseExceptionHandler(new ExceptionHandlerOptions { ExceptionHandlingPath = "/Error", CreateScopeForErrors = true });
        if (app.Environment.IsDevelopment())
            app.UseMigrationsEndPoint();
        else
            app.UseHsts();
        app.UseWhen(context => !ApiProblems.IsApiRequest(context.Request),
            branch => branch.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true));
        // An API error without a body of its own (unknown path, wrong method, 401) still gets its ProblemDetails.
        app.UseWhen(context => ApiProblems.IsApiRequest(context.Request), branch => branch.UseStatusCodePages(context =>
            ApiProblems.WriteAsync(context.HttpContext, ApiProblems.ForStatus(context.HttpContext.Response.StatusCode))));
        // Named here, after UseForwardedHeaders: left implicit, they would run before it and see the proxy's address
        // and scheme (and outside the exception handler, so a database outage while checking a key would be a 500).
        app.UseAuthentication();
        app.UseApiKeyForApiChanges();
        app.UseRateLimiter();
        app.UseAuthorization();
        app.UseAntiforgery();

        app.MapStaticAssets();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode().WithPageRateLimits();
        app.MapAdditionalIdentityEndpoints();
        app.MapOpenApi();
        app.MapScalarApiReference();
        app.MapAppHealthChecks();
        app.MapMetrics();
        app.MapApiEndpoints();
        app.MapImportDownloads();
        app.MapAdminDownloads();
        app.MapProviderDownloads();
        app.MapPaymentEndpoints();
        app.MapHub<Realtime.MarketHub>(Realtime.MarketHub.Path);
        return app;
    }
}
