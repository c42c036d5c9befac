using System.Net.Http.Json;
using LeadsAssurance.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LeadsAssurance.Tests.Integration.Providers;

/// <summary>The ProviderStats migration's backfill, run again on a database with history, against what the transactions counted.</summary>
public class ProviderStatsBackfillTests
{
    [Fact]
    public async Task TheMigrationsBackfillCountsTheSameSalesReturnsAndConsentAgesAsTheTransactionsDid()
    {
        await using var app = await AppFactory.StartAsync<FreshScoresFactory>();
        var world = new DisputeWorld(app);
        var (_, broker, _) = await world.BrokerAsync(3000m);
        var bought = await world.BuyAsync(broker, 5);
        await world.BuyAsync(broker, 3);
        foreach (var lead in bought.Take(2))
        {
            var dispute = await DisputeWorld.OpenAsync(broker, lead.Id);
            (await world.Admin.PostAsJsonAsync($"/api/v1/admin/disputes/{dispute}/accept", new { note = "Injoignable." })).EnsureSuccessStatusCode();
        }
        var counted = await StatsAsync(app);
        var backfill = new LeadsAssurance.Domain.Data.Migrations.ProviderStats().UpOperations
            .OfType<Microsoft.EntityFrameworkCore.Migrations.Operations.SqlOperation>().Single().Sql;

        await using (var db = app.CreateDbContext())
        {
            await db.Database.ExecuteSqlRawAsync("delete from provider_stats");
            await db.Database.ExecuteSqlRawAsync(backfill);
        }

        counted.Should().HaveCount(2);
        counted.Sum(s => s.Sales).Should().Be(8);
        counted.Sum(s => s.Returns).Should().Be(2);
        (await StatsAsync(app)).Should().BeEquivalentTo(counted);
    }

    private static async Task<List<(Guid Provider, DateOnly Day, int Sales, int Returns, long ConsentAgeMinutes)>> StatsAsync(AppFactory app)
    {
        await using var db = app.CreateDbContext();
        return [.. (await db.ProviderStats.ToListAsync()).Select(s => (s.ProviderId, s.Day, s.Sales, s.Returns, s.ConsentAgeMinutes))];
    }
}
