using LeadsAssurance.Domain.Accounts;
using LeadsAssurance.Domain.Data;
using LeadsAssurance.Domain.Documents;
using LeadsAssurance.Domain.Market;
using LeadsAssurance.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace LeadsAssurance.Tests.Integration.Privacy;

/// <summary>
/// Issue 14 item 7: PostgreSQL row-level security under the broker's contact reads. A query that forgot its broker filter
/// is stopped by the database, not by the code that forgot it.
/// </summary>
public class RowLevelSecurityTests(MarketFactory app) : IClassFixture<MarketFactory>
{
    private async Task<(Guid Mine, Guid Theirs, Guid Unsold, Guid Broker, Guid Other)> WorldAsync()
    {
        var now = app.Clock.GetUtcNow();
        var (broker, _) = await app.CreateAccountAsync("Broker", approve: true);
        var (other, _) = await app.CreateAccountAsync("Broker", approve: true);
        await TestData.TopUpAsync(app.Services, broker, 500m);
        await TestData.TopUpAsync(app.Services, other, 500m);
        await using var db = app.CreateDbContext();
        var provider = (await TestData.AddAccountsAsync(db, AccountRole.Provider, 1, now))[0];
        var leads = await TestData.AddLeadsAsync(db, provider, 3, now);
        var market = app.Services.GetRequiredService<MarketService>();
        await market.PayWithCreditsAsync((await market.ReserveAsync(leads[0].Id, broker)).ReservationId, broker);
        await market.PayWithCreditsAsync((await market.ReserveAsync(leads[1].Id, other)).ReservationId, other);
        return (leads[0].Id, leads[1].Id, leads[2].Id, broker, other);
    }

    [Fact]
    public async Task AQueryWithoutTheBrokerFilterReturnsOnlyTheBrokersOwnContacts()
    {
        var (mine, theirs, unsold, broker, _) = await WorldAsync();
        await using var db = app.CreateDbContext();
        await using var scope = await BrokerRowSecurity.BeginAsync(db, broker);

        // The faulty queries: every lead, every purchase, and a join that forgot the broker.
        var leads = await db.Leads.AsNoTracking().Select(l => new { l.Id, l.Phone }).ToListAsync();
        var purchases = await db.Purchases.AsNoTracking().Select(p => p.LeadId).ToListAsync();
        var joined = await db.Purchases.AsNoTracking().Select(p => p.Lead.Phone).ToListAsync();

        leads.Select(l => l.Id).Should().Equal([mine], "the database shows this role only the leads the broker bought");
        leads.Select(l => l.Id).Should().NotContain([theirs, unsold]);
        purchases.Should().Equal([mine]);
        joined.Should().HaveCount(1);
    }

    [Fact]
    public async Task WithoutABrokerTheRoleSeesNothingAndCannotWrite()
    {
        await WorldAsync();
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using var tx = await connection.BeginTransactionAsync();
        await using (var role = new NpgsqlCommand($"set local role {BrokerRowSecurity.Role}", connection, tx))
            await role.ExecuteNonQueryAsync();

        await using var count = new NpgsqlCommand("select count(*) from leads", connection, tx);
        (await count.ExecuteScalarAsync()).Should().Be(0L, "no broker named, no row");
        await using var update = new NpgsqlCommand("update leads set phone = '+33600000000'", connection, tx);
        var write = () => update.ExecuteNonQueryAsync();
        (await write.Should().ThrowAsync<PostgresException>()).Which.SqlState.Should().Be(PostgresErrorCodes.InsufficientPrivilege);
    }

    [Fact]
    public async Task TheBrokersPagesExportsAndCertificatesReadThroughTheScopeAndStillWork()
    {
        var (mine, theirs, _, broker, other) = await WorldAsync();

        var listed = await app.Services.GetRequiredService<PurchaseQueries>().ListAsync(broker);
        var certificates = app.Services.GetRequiredService<Certificates>();
        var own = await certificates.ForBrokerAsync(mine, broker);
        var foreign = await certificates.ForBrokerAsync(theirs, broker);
        using var csv = new MemoryStream();
        await app.Services.GetRequiredService<PurchaseExport>().WriteCsvAsync(other, "https://app.test", csv);

        listed.Select(p => p.Id).Should().Equal([mine]);
        own.Should().NotBeNull();
        own!.Phone.Should().NotBeEmpty();
        own.Purchases.Single().Named.Should().BeFalse("the test leads name « Courtier » only, not « Broker Test SAS »");
        foreign.Should().BeNull();
        var text = System.Text.Encoding.UTF8.GetString(csv.ToArray());
        text.Should().Contain(theirs.ToString()).And.NotContain(mine.ToString());
        await using var db = app.CreateDbContext();
        (await db.Leads.CountAsync()).Should().BeGreaterThanOrEqualTo(3, "the app's own role, outside the scope, is not restricted");
    }
}
