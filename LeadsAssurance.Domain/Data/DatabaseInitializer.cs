using LeadsAssurance.Domain.Accounts;
using LeadsAssurance.Domain.Catalog;
using LeadsAssurance.Domain.Demo;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LeadsAssurance.Domain.Data;

/// <summary>What runs once at start-up, before the app serves: migrations, the catalogue, the bootstrap admin, demo data.</summary>
public sealed class DatabaseInitializer(IServiceScopeFactory scopes, ILogger<DatabaseInitializer> logger)
{
    public async Task InitializeAsync(bool migrate, bool seedDemo, CancellationToken ct = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        if (migrate)
        {
            // On an empty database EF reads the history table before creating it and logs a failed query: create it first.
            await db.Database.ExecuteSqlRawAsync(db.GetService<IHistoryRepository>().GetCreateIfNotExistsScript(), ct);
            var pending = (await db.Database.GetPendingMigrationsAsync(ct)).ToList();
            if (pending.Count > 0)
            {
                logger.LogInformation("Applying {Count} migration(s): {Migrations}", pending.Count, string.Join(", ", pending));
                await db.Database.MigrateAsync(ct);
                if (pending.Exists(m => m.EndsWith("_" + Partners.PartnerKeysBackfill.Migration, StringComparison.Ordinal)))
                {
                    var (accounts, leads) = await Partners.PartnerKeysBackfill.RunAsync(db, ct);
                    logger.LogInformation("Partner keys computed for {Accounts} account(s) and {Leads} lead(s)", accounts, leads);
                }
            }
        }
        var added = await CatalogSeed.EnsureSeededAsync(db, scope.ServiceProvider.GetRequiredService<TimeProvider>(), ct);
        if (added > 0)
            logger.LogInformation("Catalogue: {Count} product(s) added", added);
        await scope.ServiceProvider.GetRequiredService<BootstrapAdmin>().EnsureAsync(ct);
        if (seedDemo)
            await scope.ServiceProvider.GetRequiredService<DemoDataSeeder>().SeedAsync(ct);
    }
}
