using LeadsAssurance.Domain.Accounts;
using LeadsAssurance.Domain.Leads;
using LeadsAssurance.Domain.Market;
using LeadsAssurance.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LeadsAssurance.Tests.Integration;

[Trait("Category", "Slow")]
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

        var hold = await app.Services.GetRequiredService<MarketService>().ReserveAsync(lead.Id, broker);
        var held = await db.Leads.AsNoTracking().SingleAsync(l => l.Id == lead.Id);
        var released = await Eventually.TrueAsync(async () =>
            await db.Reservations.AsNoTracking().Where(r => r.Id == hold.ReservationId).Select(r => r.Status).SingleAsync() == ReservationStatus.Expired,
            TimeSpan.FromSeconds(30));

        (held.Status, held.HeldCount).Should().Be((LeadStatus.Reserved, 1), "the lead was held before the sweep");
        released.Should().BeTrue("the sweep releases a hold once it expired");
        var after = await db.Leads.AsNoTracking().SingleAsync(l => l.Id == lead.Id);
        (after.Status, after.HeldCount).Should().Be((LeadStatus.Stock, 0));
        var tables = await db.Database.SqlQueryRaw<string>(
            "select table_name as \"Value\" from information_schema.tables where table_name like 'qrtz%'").ToListAsync();
        tables.Should().Contain(["qrtz_job_details", "qrtz_triggers", "qrtz_scheduler_state"]);
        (await db.Database.SqlQueryRaw<long>("select count(*) as \"Value\" from qrtz_scheduler_state").SingleAsync()).Should().BeGreaterThan(0);
    }
}
