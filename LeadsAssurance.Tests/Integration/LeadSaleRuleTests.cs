using LeadsAssurance.Domain.Accounts;
using LeadsAssurance.Domain.Data;
using LeadsAssurance.Domain.Leads;
using LeadsAssurance.Domain.Market;
using LeadsAssurance.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace LeadsAssurance.Tests.Integration;

/// <summary>
/// "Can this lead be sold to this broker now" has one home, <see cref="LeadSaleRule"/>, in three forms: SQL for the
/// raw statements (hold, payment, expiry, flows), an EF Core expression for the listing, C# for in-memory checks. A
/// table of lead states is written to PostgreSQL and each form must pick the same leads.
/// </summary>
public class LeadSaleRuleTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>
{
    private static readonly DateTimeOffset Now = new(2026, 12, 14, 10, 30, 0, TimeSpan.Zero);
    private static readonly TimeSpan Validity = TimeSpan.FromDays(30);
    private static readonly DateTimeOffset Cutoff = LeadSaleRule.ConsentCutoff(Now, Validity);

    /// <summary>What the broker under test has to do with the lead.</summary>
    public enum Mine { Nothing, Bought, Holds, HoldsPastItsExpiry, CancelledHisHold }

    private sealed record State(string Name, LeadStatus Status, int MaxBuyers, int Sold, int Held, TimeSpan ConsentAge, Mine Mine,
        bool OnSale, bool ForMe);

    private static readonly TimeSpan Fresh = TimeSpan.FromMinutes(5);

    private static readonly State[] States =
    [
        new("exclusive, fresh", LeadStatus.Stock, 1, 0, 0, Fresh, Mine.Nothing, OnSale: true, ForMe: true),
        new("exclusive, held by another broker", LeadStatus.Reserved, 1, 0, 1, Fresh, Mine.Nothing, false, false),
        new("exclusive, sold to another broker", LeadStatus.Sold, 1, 1, 0, Fresh, Mine.Nothing, false, false),
        new("shared, one place sold and one held by others", LeadStatus.Stock, 3, 1, 1, Fresh, Mine.Nothing, true, true),
        new("shared, every place left held", LeadStatus.Reserved, 3, 2, 1, Fresh, Mine.Nothing, false, false),
        new("shared, sold out", LeadStatus.Sold, 3, 3, 0, Fresh, Mine.Nothing, false, false),
        new("on-sale status but no place left", LeadStatus.Stock, 2, 1, 1, Fresh, Mine.Nothing, false, false),
        new("a place left but status Reserved", LeadStatus.Reserved, 3, 1, 0, Fresh, Mine.Nothing, false, false),
        new("consent a minute short of 30 days", LeadStatus.Stock, 1, 0, 0, Validity - TimeSpan.FromMinutes(1), Mine.Nothing, true, true),
        new("consent exactly 30 days old", LeadStatus.Stock, 1, 0, 0, Validity, Mine.Nothing, false, false),
        new("consent 31 days old, not yet withdrawn", LeadStatus.Stock, 3, 1, 0, TimeSpan.FromDays(31), Mine.Nothing, false, false),
        new("withdrawn for its consent", LeadStatus.Expired, 1, 0, 0, TimeSpan.FromDays(31), Mine.Nothing, false, false),
        new("rejected", LeadStatus.Rejected, 1, 0, 0, Fresh, Mine.Nothing, false, false),
        new("shared, a place bought by me", LeadStatus.Stock, 3, 1, 0, Fresh, Mine.Bought, true, false),
        new("shared, a place held by me", LeadStatus.Stock, 3, 0, 1, Fresh, Mine.Holds, true, false),
        new("shared, my hold past its expiry, not yet released", LeadStatus.Stock, 3, 0, 1, Fresh, Mine.HoldsPastItsExpiry, true, false),
        new("shared, my hold cancelled", LeadStatus.Stock, 3, 0, 0, Fresh, Mine.CancelledHisHold, true, true),
    ];

    [Fact]
    public async Task TheSqlEfAndCSharpFormsPickTheSameLeads()
    {
        await using var db = database.CreateContext();
        var (broker, leads) = await ArrangeAsync(db);
        var ids = leads.Keys.ToArray();

        var onSaleBySql = await SqlIdsAsync($"select l.id from leads l where l.id = any($1) and {LeadSaleRule.OnSaleSql("l", "$3")}", ids, broker);
        var forMeBySql = await SqlIdsAsync($"select l.id from leads l where l.id = any($1) and {LeadSaleRule.CanBeSoldToSql("l", "$2", "$3")}", ids, broker);
        var onSaleByEf = await db.Leads.Where(l => ids.Contains(l.Id)).Where(LeadSaleRule.OnSale(Cutoff)).Select(l => l.Id).ToListAsync();
        var forMeByEf = await db.Leads.Where(l => ids.Contains(l.Id)).Where(LeadSaleRule.OnSale(Cutoff))
            .Where(LeadSaleRule.NotTakenBy(db, broker)).Select(l => l.Id).ToListAsync();
        var loaded = await db.Leads.AsNoTracking().Where(l => ids.Contains(l.Id)).ToListAsync();
        var purchases = await db.Purchases.AsNoTracking().Where(p => ids.Contains(p.LeadId)).ToListAsync();
        var reservations = await db.Reservations.AsNoTracking().Where(r => ids.Contains(r.LeadId)).ToListAsync();
        var onSaleInMemory = loaded.Where(l => LeadSaleRule.IsOnSale(l, Cutoff)).Select(l => l.Id);
        var forMeInMemory = loaded.Where(l => LeadSaleRule.CanBeSoldTo(l, broker, purchases, reservations, Cutoff)).Select(l => l.Id);

        string[] onSale = [.. States.Where(s => s.OnSale).Select(s => s.Name)];
        string[] forMe = [.. States.Where(s => s.ForMe).Select(s => s.Name)];
        Names(onSaleBySql).Should().BeEquivalentTo(onSale, "SQL");
        Names(onSaleByEf).Should().BeEquivalentTo(onSale, "EF Core");
        Names(onSaleInMemory).Should().BeEquivalentTo(onSale, "C#");
        Names(forMeBySql).Should().BeEquivalentTo(forMe, "SQL");
        Names(forMeByEf).Should().BeEquivalentTo(forMe, "EF Core");
        Names(forMeInMemory).Should().BeEquivalentTo(forMe, "C#");

        IEnumerable<string> Names(IEnumerable<Guid> found) => found.Select(id => leads[id].Name);
    }

    [Fact]
    public async Task ThePlacesLeftAreTheSameInSqlAndCSharp()
    {
        await using var db = database.CreateContext();
        var (_, leads) = await ArrangeAsync(db);
        var ids = leads.Keys.ToArray();

        var sql = $"select l.id as \"Id\", {LeadSaleRule.PlacesLeftSql("l")} as \"Left\" from leads l where l.id = any({{0}})";
        var bySql = await db.Database.SqlQueryRaw<PlacesLeftRow>(sql, ids).ToListAsync();
        var inMemory = await db.Leads.AsNoTracking().Where(l => ids.Contains(l.Id)).ToListAsync();

        bySql.Should().BeEquivalentTo(leads.Select(x => new PlacesLeftRow(x.Key, x.Value.MaxBuyers - x.Value.Sold - x.Value.Held)));
        inMemory.Select(l => new PlacesLeftRow(l.Id, l.PlacesLeft)).Should().BeEquivalentTo(bySql);
    }

    [Theory]
    [InlineData(LeadStatus.Stock, 3, 1, 1, LeadStatus.Stock)]
    [InlineData(LeadStatus.Stock, 3, 1, 2, LeadStatus.Reserved)]
    [InlineData(LeadStatus.Stock, 1, 0, 1, LeadStatus.Reserved)]
    [InlineData(LeadStatus.Reserved, 3, 2, 0, LeadStatus.Stock)]
    [InlineData(LeadStatus.Reserved, 1, 1, 0, LeadStatus.Sold)]
    [InlineData(LeadStatus.Stock, 3, 3, 0, LeadStatus.Sold)]
    [InlineData(LeadStatus.Expired, 3, 1, 0, LeadStatus.Expired)]
    [InlineData(LeadStatus.Rejected, 1, 1, 0, LeadStatus.Rejected)]
    public async Task TheStatusFollowsThePlacesUnlessTheLeadLeftTheMarket(LeadStatus before, int maxBuyers, int sold, int held, LeadStatus after)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            $"select {LeadSaleRule.StatusSql("l", "$3", "$4")} from (select $1::text as status, $2::int as max_buyers) l", connection)
        {
            Parameters = { new() { Value = before.ToString() }, new() { Value = maxBuyers }, new() { Value = sold }, new() { Value = held } },
        };

        var status = (string)(await command.ExecuteScalarAsync())!;

        status.Should().Be(after.ToString());
    }

    [Theory]
    [InlineData("l; drop table leads")]
    [InlineData("")]
    public void ATableAliasIsAnIdentifier(string alias) =>
        ((Action)(() => LeadSaleRule.PlacesLeftSql(alias))).Should().Throw<ArgumentException>();

    private sealed record PlacesLeftRow(Guid Id, int Left);

    /// <summary>One lead per state, the broker under test and another broker, their purchases and holds.</summary>
    private static async Task<(Guid Broker, Dictionary<Guid, State> Leads)> ArrangeAsync(AppDbContext db)
    {
        var provider = (await TestData.AddAccountsAsync(db, AccountRole.Provider, 1, Now))[0];
        var brokers = await TestData.AddAccountsAsync(db, AccountRole.Broker, 2, Now);
        var (me, other) = (brokers[0], brokers[1]);
        var leads = new Dictionary<Guid, State>();
        foreach (var state in States)
        {
            var lead = (await TestData.AddLeadsAsync(db, provider, 1, Now, exclusive: state.MaxBuyers == 1))[0];
            await SetStateAsync(db, lead.Id, state);
            leads[lead.Id] = state;
            if (state.Sold > 0 && state.Mine != Mine.Bought)
                db.Purchases.Add(new Purchase(Guid.NewGuid(), lead.Id, other, null, lead.Price, Now));
            if (state.Held > 0 && state.Mine is not (Mine.Holds or Mine.HoldsPastItsExpiry))
                db.Reservations.Add(new Reservation(Guid.NewGuid(), lead.Id, other, lead.Price, Now, TimeSpan.FromMinutes(10)));
            switch (state.Mine)
            {
                case Mine.Bought:
                    db.Purchases.Add(new Purchase(Guid.NewGuid(), lead.Id, me, null, lead.Price, Now));
                    break;
                case Mine.Holds:
                    db.Reservations.Add(new Reservation(Guid.NewGuid(), lead.Id, me, lead.Price, Now, TimeSpan.FromMinutes(10)));
                    break;
                case Mine.HoldsPastItsExpiry:
                    db.Reservations.Add(new Reservation(Guid.NewGuid(), lead.Id, me, lead.Price, Now.AddMinutes(-20), TimeSpan.FromMinutes(10)));
                    break;
                case Mine.CancelledHisHold:
                    var hold = new Reservation(Guid.NewGuid(), lead.Id, me, lead.Price, Now.AddMinutes(-5), TimeSpan.FromMinutes(10));
                    hold.Close(ReservationStatus.Cancelled, Now.AddMinutes(-4));
                    db.Reservations.Add(hold);
                    break;
            }
        }
        await db.SaveChangesAsync();
        return (me, leads);
    }

    private static Task SetStateAsync(AppDbContext db, Guid leadId, State state) => db.Database.ExecuteSqlAsync($"""
        update leads set status = {state.Status.ToString()}, max_buyers = {state.MaxBuyers}, sold_count = {state.Sold},
                         held_count = {state.Held}, consent_captured_at = {Now - state.ConsentAge}
        where id = {leadId}
        """);

    private async Task<List<Guid>> SqlIdsAsync(string sql, Guid[] ids, Guid broker)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection)
        {
            Parameters =
            {
                new() { Value = ids },
                new() { Value = broker },
                new() { Value = Cutoff, NpgsqlDbType = NpgsqlDbType.TimestampTz },
            },
        };
        var found = new List<Guid>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            found.Add(reader.GetGuid(0));
        return found;
    }
}
