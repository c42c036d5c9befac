using LeadsAssurance.Domain.Data;

namespace LeadsAssurance.Web.Hosting;

/// <summary>Decides which PostgreSQL the app uses, and prepares it before the first request.</summary>
public static class DatabaseHosting
{
    /// <summary>
    /// The configured server, or, outside Production, a private cluster started from the machine's binaries under
    /// the data folder (Database:DataFolder, default ".data"). It is stopped with the app.
    /// </summary>
    public static (string ConnectionString, bool SharedServer) ResolveConnectionString(this IHostApplicationBuilder builder)
    {
        var configured = builder.Configuration.GetConnectionString("Default");
        if (!string.IsNullOrWhiteSpace(configured))
            return (configured, true);
        if (builder.Environment.IsProduction())
            throw new InvalidOperationException(
                "ConnectionStrings:Default is not set. In Production the app needs a PostgreSQL server: " +
                "set ConnectionStrings__Default (e.g. Host=db;Database=leadsassurance;Username=...;Password=...).");

        var dataFolder = builder.Configuration["Database:DataFolder"] ?? ".data";
        var options = new EmbeddedPostgresOptions
        {
            DataDirectory = Path.GetFullPath(Path.Combine(builder.Environment.ContentRootPath, dataFolder, "postgres")),
            Port = builder.Configuration.GetValue<int?>("Database:Port"),
        };
        using var loggerFactory = LoggerFactory.Create(l => l.AddConsole());
        var server = EmbeddedPostgres.Start(options, loggerFactory.CreateLogger("LeadsAssurance.EmbeddedPostgres"));
        builder.Services.AddSingleton(server);
        builder.Services.AddHostedService<EmbeddedPostgresLifetime>();
        return (server.ConnectionString, false);
    }

    /// <summary>
    /// Migrates and seeds, then exits: run once before starting several nodes on a new version, so they never race to
    /// migrate (deploy/docker-compose.yml's "migrate" service, deploy/local/cluster.sh).
    /// </summary>
    public const string MigrateOnlyArgument = "--migrate-only";

    /// <summary>Migrates (Development, or Database:MigrateOnStartup), seeds the catalogue, the bootstrap admin and demo data.</summary>
    public static async Task InitializeDatabaseAsync(this WebApplication app, string[] args)
    {
        var config = app.Configuration;
        var migrateOnly = args.Contains(MigrateOnlyArgument);
        var migrate = migrateOnly || (config.GetValue<bool?>("Database:MigrateOnStartup") ?? app.Environment.IsDevelopment());
        var demo = !migrateOnly && (config.GetValue<bool?>("Demo:Enabled") ?? (app.Environment.IsDevelopment() || args.Contains("--demo")));
        if (args.Contains("--demo"))
            demo = true;
        // Demo accounts have published passwords: in Production they would be open doors.
        if (demo && app.Environment.IsProduction())
            throw new InvalidOperationException(
                "Demo data (Demo:Enabled or --demo) is refused in Production: its accounts have published passwords. " +
                "Unset Demo__Enabled and drop --demo, or run another environment (ASPNETCORE_ENVIRONMENT=Staging) for a demonstration.");
        try
        {
            await InitializeWhenReachableAsync(app, migrate, demo);
            if (migrateOnly)
                app.Services.GetService<EmbeddedPostgres>()?.Stop();
        }
        catch
        {
            // The host never started, so its hosted services will not stop the embedded server: do it here.
            app.Services.GetService<EmbeddedPostgres>()?.Stop();
            throw;
        }
    }

    /// <summary>
    /// A node that starts while PostgreSQL restarts, or answers too slowly to open a connection, waits for it (up to
    /// Database:StartupWait, default 2 minutes, with a growing delay) instead of exiting: its peers keep serving meanwhile.
    /// Any other failure (a migration that fails, a bad connection string) ends the start at once.
    /// </summary>
    private static async Task InitializeWhenReachableAsync(WebApplication app, bool migrate, bool demo)
    {
        var wait = app.Configuration.GetValue<TimeSpan?>("Database:StartupWait") ?? TimeSpan.FromMinutes(2);
        var time = app.Services.GetRequiredService<TimeProvider>();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DatabaseHosting));
        var giveUpAt = time.GetUtcNow() + wait;
        var delay = TimeSpan.FromSeconds(1);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await app.Services.GetRequiredService<DatabaseInitializer>().InitializeAsync(migrate, demo, app.Lifetime.ApplicationStopping);
                return;
            }
            catch (Exception e) when (DatabaseFaults.IsUnavailable(e) && time.GetUtcNow() + delay < giveUpAt)
            {
                logger.LogWarning("PostgreSQL is not reachable yet (attempt {Attempt}: {Reason}); the node retries in {Delay} s",
                    attempt, e.GetBaseException().Message, delay.TotalSeconds);
                await Task.Delay(delay, time, app.Lifetime.ApplicationStopping);
                delay = TimeSpan.FromSeconds(Math.Min(delay.TotalSeconds * 2, 10));
            }
        }
    }
}

/// <summary>Stops the embedded PostgreSQL when the app stops.</summary>
internal sealed class EmbeddedPostgresLifetime(EmbeddedPostgres server) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken) => await server.DisposeAsync();
}
