using LeadsAssurance.Domain.Accounts;
using LeadsAssurance.Domain.Data;
using LeadsAssurance.Domain.Market;
using LeadsAssurance.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace LeadsAssurance.Tests.Integration;

/// <summary>
/// "What a lead costs now" has one home, <see cref="LeadPriceRule"/>, in three forms: SQL for the hold, an EF Core
/// expression for the listing's filters and sort, C# for screens and flows. A table of ages and schedules is written to
/// PostgreSQL and each form must give the expected price.
/// </summary>
public class LeadPriceRuleTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>
{
    private static readonly DateTimeOffset Now = new(2026, 12, 14, 10, 30, 0, TimeSpan.Zero);
    private static readonly PriceSchedule TwoEverySixHours = new(18m, 2m, TimeSpan.FromHours(6));
    private static readonly PriceSchedule FiveEverySixHours = new(18m, 5m, TimeSpan.FromHours(6));

    private sealed record Case(string Name, decimal Start, PriceSchedule? Schedule, TimeSpan Age, decimal Expected, TimeSpan? NextIn);

    private static readonly Case[] Cases =
    [
        new("fixed price, a day old", 36m, null, TimeSpan.FromDays(1), 36m, null),
        new("just listed", 36m, TwoEverySixHours, TimeSpan.Zero, 36m, TimeSpan.FromHours(6)),
        new("a second short of the first drop", 36m, TwoEverySixHours, TimeSpan.FromHours(6) - TimeSpan.FromSeconds(1), 36m, TimeSpan.FromSeconds(1)),
        new("exactly at the first drop", 36m, TwoEverySixHours, TimeSpan.FromHours(6), 34m, TimeSpan.FromHours(6)),
        new("13 hours old", 36m, TwoEverySixHours, TimeSpan.FromHours(13), 32m, TimeSpan.FromHours(5)),
        new("reaches its floor after 54 hours", 36m, TwoEverySixHours, TimeSpan.FromHours(54), 18m, null),
        new("a month old, still at its floor", 36m, TwoEverySixHours, TimeSpan.FromDays(29), 18m, null),
        new("steps that do not divide the range stop at the floor", 36m, FiveEverySixHours, TimeSpan.FromHours(24), 18m, null),
        new("one step above the floor by less than a step", 36m, FiveEverySixHours, TimeSpan.FromHours(18), 21m, TimeSpan.FromHours(6)),
        new("dated a minute ahead (another node's clock)", 36m, TwoEverySixHours, TimeSpan.FromMinutes(-1), 36m, TimeSpan.FromHours(6) + TimeSpan.FromMinutes(1)),
        new("cents", 19.99m, new PriceSchedule(9.99m, 0.35m, TimeSpan.FromMinutes(90)), TimeSpan.FromHours(4), 19.99m - 2 * 0.35m, TimeSpan.FromMinutes(30)),
    ];

    [Fact]
    public async Task TheSqlEfAndCSharpFormsGiveTheSamePriceAtEveryAge()
    {
        await using var db = database.CreateContext();
        var leads = await ArrangeAsync(db);
        var ids = leads.Keys.ToArray();

        var bySql = await SqlPricesAsync(ids);
        var byEf = new Dictionary<Guid, decimal>();
        foreach (var id in ids)
            byEf[id] = await db.Leads.Where(l => l.Id == id).Select(LeadPriceRule.CurrentPriceExpression(Now)).SingleAsync();
        var loaded = await db.Leads.AsNoTracking().Where(l => ids.Contains(l.Id)).ToListAsync();

        foreach (var (id, c) in leads)
        {
            bySql[id].Should().Be(c.Expected, $"SQL, {c.Name}");
            byEf[id].Should().Be(c.Expected, $"EF Core, {c.Name}");
            var lead = loaded.Single(l => l.Id == id);
            LeadPriceRule.CurrentPrice(lead, Now).Should().Be(c.Expected, $"C#, {c.Name}");
            LeadPriceRule.NextPriceAt(lead.Price, lead.PriceSchedule, lead.CreatedAt, Now).Should().Be(Now + c.NextIn, $"next drop, {c.Name}");
        }
    }

    [Fact]
    public async Task TheEfFiltersKeepTheLeadsWithinBoundsAtTheirPriceNow()
    {
        await using var db = database.CreateContext();
        var leads = await ArrangeAsync(db);
        var ids = leads.Keys.ToArray();

        var within = await db.Leads.Where(l => ids.Contains(l.Id))
            .Where(LeadPriceRule.CurrentPriceAtLeast(Now, 20m)).Where(LeadPriceRule.CurrentPriceAtMost(Now, 34m))
            .Select(l => l.Id).ToListAsync();

        within.Select(id => leads[id].Name).Should().BeEquivalentTo(Cases.Where(c => c.Expected is >= 20m and <= 34m).Select(c => c.Name));
    }

    [Fact]
    public void TheNextDropStopsAtTheFloor()
    {
        var listed = Now.AddHours(-18);

        LeadPriceRule.NextDrop(36m, FiveEverySixHours, listed, Now).Should().Be(3m, "21 € falls to the 18 € floor, not to 16 €");
        LeadPriceRule.NextDrop(36m, TwoEverySixHours, listed, Now).Should().Be(2m);
        LeadPriceRule.NextDrop(36m, null, listed, Now).Should().Be(0m);
    }

    [Fact]
    public async Task TheDatabaseRefusesAHalfScheduleOrAFloorAboveTheStartPrice()
    {
        await using var db = database.CreateContext();
        var provider = (await TestData.AddAccountsAsync(db, AccountRole.Provider, 1, Now))[0];
        var lead = (await TestData.AddLeadsAsync(db, provider, 1, Now))[0];

        var half = () => db.Database.ExecuteSqlAsync($"update leads set price_step = 2 where id = {lead.Id}");
        var aboveStart = () => db.Database.ExecuteSqlAsync(
            $"update leads set price_floor = price + 1, price_step = 2, price_step_interval = interval '6 hours' where id = {lead.Id}");

        (await half.Should().ThrowAsync<PostgresException>()).Which.ConstraintName.Should().Be("ck_leads_price_schedule");
        (await aboveStart.Should().ThrowAsync<PostgresException>()).Which.ConstraintName.Should().Be("ck_leads_price_schedule");
    }

    [Fact]
    public void TheSqlFormTakesOnlyATableAlias() =>
        ((Action)(() => LeadPriceRule.CurrentPriceSql("l; drop table leads", "$1"))).Should().Throw<ArgumentException>();

    private async Task<Dictionary<Guid, Case>> ArrangeAsync(AppDbContext db)
    {
        var provider = (await TestData.AddAccountsAsync(db, AccountRole.Provider, 1, Now))[0];
        var leads = new Dictionary<Guid, Case>();
        foreach (var c in Cases)
        {
            var lead = (await TestData.AddLeadsAsync(db, provider, 1, Now - c.Age))[0];
            await db.Database.ExecuteSqlAsync($"""
                update leads set price = {c.Start}, price_floor = {c.Schedule?.Floor}, price_step = {c.Schedule?.Step},
                                 price_step_interval = {c.Schedule?.Interval}, created_at = {Now - c.Age}
                where id = {lead.Id}
                """);
            leads[lead.Id] = c;
        }
        return leads;
    }

    private async Task<Dictionary<Guid, decimal>> SqlPricesAsync(Guid[] ids)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"select l.id, {LeadPriceRule.CurrentPriceSql("l", "$2")} from leads l where l.id = any($1)", connection)
        {
            Parameters = { new() { Value = ids }, new() { Value = Now, NpgsqlDbType = NpgsqlDbType.TimestampTz } },
        };
        var prices = new Dictionary<Guid, decimal>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            prices[reader.GetGuid(0)] = reader.GetDecimal(1);
        return prices;
    }
}
