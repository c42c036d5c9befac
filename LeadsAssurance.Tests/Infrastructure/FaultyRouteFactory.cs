using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace LeadsAssurance.Tests.Infrastructure;

/// <summary>
/// The app with one more address, <see cref="Path"/>, that fails the way a request can fail deep inside: a bug
/// (?kind=bug), or a database out of reach (?kind=database). It sits after every endpoint, inside the app's error handling.
/// </summary>
public sealed class FaultyRouteFactory : AppFactory
{
    public const string Path = "/webhooks/test-fault";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<IStartupFilter, FaultyRoute>());
    }

    private sealed class FaultyRoute : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            next(app);
            app.Use((context, nextMiddleware) => context.Request.Path != Path ? nextMiddleware(context) : context.Request.Query["kind"] == "database"
                ? throw new NpgsqlException("Failed to connect to 127.0.0.1:5432", new SocketException((int)SocketError.ConnectionRefused))
                : throw new InvalidOperationException("A bug with internals: Server=db;Password=secret"));
        };
    }
}
