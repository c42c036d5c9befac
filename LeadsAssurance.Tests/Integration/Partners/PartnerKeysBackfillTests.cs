using LeadsAssurance.Domain.Accounts;
using LeadsAssurance.Domain.Data;
using LeadsAssurance.Domain.Partners;
using LeadsAssurance.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LeadsAssurance.Tests.Integration.Partners;

/// <summary>The one-off computation, after the migration, of the keys of accounts and leads written before they existed.</summary>
public class PartnerKeysBackfillTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>
{
    [Fact]
    public async Task KeysOfOldAccountsAndLeadsAreComputedAsIngestionWouldHave()
    {
        var now = DateTimeOffset.UtcNow;
        await using var db = AppDbContextOptions.Create(database.ConnectionString);
        var provider = (await TestData.AddAccountsAsync(db, AccountRole.Provider, 1, now))[0];
        var broker = (await TestData.AddAccountsAsync(db, AccountRole.Broker, 1, now))[0];
        var leads = await TestData.AddLeadsAsync(db, provider, 1, now, partners: ["Cabinet Martin SARL", "Durand & Fils (ORIAS 07 001 234)"]);
        var nobody = await TestData.AddLeadsAsync(db, provider, 1, now, partners: ["SAS"]);
        var expected = await db.Leads.AsNoTracking().Where(l => l.Id == leads[0].Id).Select(l => l.PartnerKeys).SingleAsync();
        await db.Database.ExecuteSqlRawAsync("update leads set partner_keys = null; update \"AspNetUsers\" set partner_keys = null");

        await using var startup = AppDbContextOptions.Create(database.ConnectionString);
        var (accounts, computed) = await PartnerKeysBackfill.RunAsync(startup, default);

        (accounts, computed).Should().Be((2, 2));
        await using var check = AppDbContextOptions.Create(database.ConnectionString);
        var keys = await check.Leads.AsNoTracking().ToDictionaryAsync(l => l.Id, l => l.PartnerKeys);
        keys[leads[0].Id].Should().Equal("cabinet martin", "durand et fils", "orias:07001234").And.Equal(expected);
        keys[nobody[0].Id].Should().BeEmpty();
        (await check.Users.AsNoTracking().SingleAsync(u => u.Id == broker)).PartnerKeys.Should().Equal("broker 0");
    }
}
