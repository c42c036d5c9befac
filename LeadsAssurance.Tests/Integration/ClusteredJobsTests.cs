using LeadsAssurance.Domain.Accounts;
using LeadsAssurance.Domain.Leads;
using LeadsAssurance.Domain.Market;
using LeadsAssurance.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LeadsAssurance.Tests.Integration;

public sealed class ClusteredJobsFactory : AppFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Quartz:Clustered", "true");
        builder.UseSetting("Market:HoldDuration", "00:00:02");
    }
}

public class ClusteredJobsTests(ClusteredJobsFactory app) : IClassFixture<ClusteredJobsFactory>
{
    [Fact]
    public async Task WithTheClusteredStoreQuartzKeepsItsStateInPostgresAndStillReleasesExpiredHolds()
    {
        _ = app.Server;
        await using var db = app.CreateDbContext();
        var provider = (await TestData.AddAccountsAsync(db, AccountRole.Provider, 1, DateTimeOffset.UtcNow))[0];
        var broker = (await TestData.AddAccountsAsync(db, AccountRole.Broker, 1, DateTimeOffset.UtcNow))[0];
        var lead = (await TestData.AddLeadsAsync(db, provider, 1, DateTimeOffset.UtcNow))[0];

        await app.Services.GetRequiredService<MarketService>().ReserveAsync(lead.Id, broker);
        var released = await Eventually.TrueAsync(async () =>
            await db.Leads.AsNoTracking().Where(l => l.Id == lead.Id).Select(l => l.Status).SingleAsync() == LeadStatus.Stock,
            TimeSpan.FromSeconds(30));

        released.Should().BeTrue();
        var tables = await db.Database.SqlQueryRaw<string>(
            "select table_name as \"Value\" from information_schema.tables where table_name like 'qrtz%'").ToListAsync();
        tables.Should().Contain(["qrtz_job_details", "qrtz_triggers", "qrtz_scheduler_state"]);
        (await db.Database.SqlQueryRaw<long>("select count(*) as \"Value\" from qrtz_scheduler_state").SingleAsync()).Should().BeGreaterThan(0);
    }
}
