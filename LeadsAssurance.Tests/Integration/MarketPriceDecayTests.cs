using System.Net.Http.Json;
using System.Text.Json;
using LeadsAssurance.Domain.Accounts;
using LeadsAssurance.Domain.Catalog;
using LeadsAssurance.Domain.Flows;
using LeadsAssurance.Domain.Leads;
using LeadsAssurance.Domain.Market;
using LeadsAssurance.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace LeadsAssurance.Tests.Integration;

/// <summary>
/// Prices that fall with age, with the app's clock: the listed price at t and its floor, the held price locked while
/// time passes and charged, the server's sort and filters on the price now, flows, the API's fields. Each test owns its
/// products (the class shares one database and one clock, which tests move only forward).
/// </summary>
public class MarketPriceDecayTests(MarketFactory app) : IClassFixture<MarketFactory>
{
    private MarketService Market => app.Services.GetRequiredService<MarketService>();
    private DateTimeOffset Now => app.Clock.GetUtcNow();

    /// <summary>36 € → −2 € every 6 h → 18 €, the example.</summary>
    private static readonly PriceSchedule Example = new(18m, 2m, TimeSpan.FromHours(6));

    [Fact]
    public async Task TheListedPriceFallsTwoEurosEverySixHoursDownToItsFloor()
    {
        await ScheduleAsync("MULTIRISQUE_PRO", Example);
        var ages = new[] { 0, 5, 6, 13, 53, 54, 200 };
        var leads = new Dictionary<Guid, int>();
        foreach (var hours in ages)
            leads[(await AddLeadsAsync("MULTIRISQUE_PRO", Now.AddHours(-hours)))[0].Id] = hours;

        var page = await Market.ListAsync(new MarketQuery(Products: ["MULTIRISQUE_PRO"], PageSize: 200));

        var prices = page.Items.Where(i => leads.ContainsKey(i.Id)).ToDictionary(i => leads[i.Id], i => i.Price);
        prices.Should().BeEquivalentTo(new Dictionary<int, decimal> { [0] = 36m, [5] = 36m, [6] = 34m, [13] = 32m, [53] = 20m, [54] = 18m, [200] = 18m });
        var thirteen = page.Items.Single(i => leads.GetValueOrDefault(i.Id) == 13);
        thirteen.NextPriceAt(Now).Should().Be(thirteen.CreatedAt.AddHours(18));
        thirteen.PriceSchedule!.Floor.Should().Be(18m);
        page.Items.Single(i => leads.GetValueOrDefault(i.Id) == 54).NextPriceAt(Now).Should().BeNull("the floor is reached");
    }

    [Fact]
    public async Task AHoldLocksThePriceOfItsInstantAndThePaymentChargesIt()
    {
        await ScheduleAsync("ASSURANCE_VIE", new PriceSchedule(20m, 3m, TimeSpan.FromHours(1)));
        var lead = (await AddLeadsAsync("ASSURANCE_VIE", Now.AddMinutes(-179), exclusive: false))[0];
        await using var db = app.CreateDbContext();
        var brokers = await TestData.AddAccountsAsync(db, AccountRole.Broker, 2, Now);
        await TestData.TopUpAsync(app.Services, brokers[0], 100m);

        var hold = await Market.ReserveAsync(lead.Id, brokers[0]);
        app.Clock.Advance(TimeSpan.FromMinutes(5));
        var listedToOthers = (await Market.ListAsync(new MarketQuery(Products: ["ASSURANCE_VIE"], ForBroker: brokers[1]))).Items.Single(i => i.Id == lead.Id);
        var paid = await Market.PayWithCreditsAsync(hold.ReservationId, brokers[0]);

        hold.Price.Should().Be(29m, "the lead was 2 h 59 old: 35 € less two 3 € steps");
        listedToOthers.Price.Should().Be(26m, "the third hour passed while the first broker held his place");
        paid.Lead.Price.Should().Be(29m);
        paid.Balance.Should().Be(71m);
        (await db.Reservations.SingleAsync(r => r.Id == hold.ReservationId)).Price.Should().Be(29m);
        (await db.Purchases.SingleAsync(p => p.LeadId == lead.Id)).Price.Should().Be(29m);
        (await TestData.LedgerAsync(db, brokers[0])).Should().Be((71m, 71m));
    }

    [Fact]
    public async Task TheServerSortsAndFiltersByThePriceNowAcrossSchedulesAsPricesFall()
    {
        await ScheduleAsync("CREDIT_IMMO", new PriceSchedule(20m, 5m, TimeSpan.FromHours(1)));
        await ScheduleAsync("RACHAT_CREDIT", new PriceSchedule(30m, 1m, TimeSpan.FromHours(1)));
        await ScheduleAsync("ASSURANCE_DECENNALE", null);
        var immoOld = (await AddLeadsAsync("CREDIT_IMMO", Now.AddHours(-3)))[0].Id;   // 45 − 3 × 5 = 30
        var immoNew = (await AddLeadsAsync("CREDIT_IMMO", Now))[0].Id;                // 45
        var rachat = (await AddLeadsAsync("RACHAT_CREDIT", Now.AddHours(-2)))[0].Id;  // 38 − 2 = 36
        var decennale = (await AddLeadsAsync("ASSURANCE_DECENNALE", Now.AddHours(-30)))[0].Id; // fixed, 42
        var query = new MarketQuery(Products: ["CREDIT_IMMO", "RACHAT_CREDIT", "ASSURANCE_DECENNALE"], Sort: MarketSort.PriceAscending, PageSize: 200);
        Guid[] mine = [immoOld, immoNew, rachat, decennale];

        var before = await Market.ListAsync(query);
        app.Clock.Advance(TimeSpan.FromHours(2));
        var after = await Market.ListAsync(query);
        var descending = await Market.ListAsync(query with { Sort = MarketSort.PriceDescending });
        var between = await Market.ListAsync(query with { MinPrice = 34m, MaxPrice = 35m });

        Prices(before).Should().Equal((immoOld, 30m), (rachat, 36m), (decennale, 42m), (immoNew, 45m));
        Prices(after).Should().Equal((immoOld, 20m), (rachat, 34m), (immoNew, 35m), (decennale, 42m));
        Prices(descending).Should().Equal((decennale, 42m), (immoNew, 35m), (rachat, 34m), (immoOld, 20m));
        Prices(between).Should().Equal((rachat, 34m), (immoNew, 35m));

        List<(Guid, decimal)> Prices(MarketPage page) => [.. page.Items.Where(i => mine.Contains(i.Id)).Select(i => (i.Id, i.Price))];
    }

    [Fact]
    public async Task AFlowBuysAtThePriceOfTheMomentItRoutesTheLead()
    {
        await ScheduleAsync("MUTUELLE_SANTE", new PriceSchedule(10m, 2m, TimeSpan.FromHours(6)));
        var world = new FlowWorld(app, Now);
        var (brokerId, broker) = await world.BrokerAsync(credits: 100m);
        await FlowWorld.FlowAsync(broker, "69");
        var lead = (await AddLeadsAsync("MUTUELLE_SANTE", Now.AddHours(-13)))[0];
        await using var db = app.CreateDbContext();
        var stored = await db.Leads.AsNoTracking().SingleAsync(l => l.Id == lead.Id);

        await using (var connection = await app.Services.GetRequiredService<NpgsqlDataSource>().OpenConnectionAsync())
        await using (var tx = await connection.BeginTransactionAsync())
        {
            await app.Services.GetRequiredService<FlowRouter>().RouteAsync(connection, [stored], Now, default);
            await tx.CommitAsync();
        }

        var purchase = await db.Purchases.SingleAsync(p => p.LeadId == lead.Id);
        purchase.BrokerId.Should().Be(brokerId);
        purchase.Price.Should().Be(12m, "16 € less two 6-hour steps");
        (await db.Set<FlowDelivery>().SingleAsync(d => d.LeadId == lead.Id)).Price.Should().Be(12m);
        (await TestData.LedgerAsync(db, brokerId)).Should().Be((88m, 88m));
    }

    [Fact]
    public async Task TheApiGivesThePriceNowItsFloorAndItsNextDrop()
    {
        await ScheduleAsync("MUTUELLE_SANTE", new PriceSchedule(10m, 2m, TimeSpan.FromHours(6)));
        await ScheduleAsync("ASSURANCE_AUTO", null);
        var provider = app.CreateApiClient((await app.CreateAccountAsync("Provider", approve: true)).ApiKey);
        var broker = app.CreateApiClient((await app.CreateAccountAsync("Broker", approve: true)).ApiKey);
        var posted = await provider.PostAsJsonAsync("/api/v1/leads", LeadRequests.Lead(Now, "13001", "Marseille"));
        posted.EnsureSuccessStatusCode();
        var id = (await posted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        await AddLeadsAsync("ASSURANCE_AUTO", Now.AddHours(-30));
        app.Clock.Advance(TimeSpan.FromHours(7));

        var falling = await ItemAsync(broker, "MUTUELLE_SANTE", "13", id);
        var fixedPrice = (await broker.GetFromJsonAsync<JsonElement>("/api/v1/market?product=ASSURANCE_AUTO&pageSize=200"))
            .GetProperty("items")[0];

        falling.GetProperty("price").GetDecimal().Should().Be(14m);
        falling.GetProperty("priceFloor").GetDecimal().Should().Be(10m);
        falling.GetProperty("nextPriceAt").GetDateTimeOffset().Should().Be(falling.GetProperty("createdAt").GetDateTimeOffset().AddHours(12));
        fixedPrice.GetProperty("price").GetDecimal().Should().Be(14m);
        fixedPrice.GetProperty("priceFloor").ValueKind.Should().Be(JsonValueKind.Null);
        fixedPrice.GetProperty("nextPriceAt").ValueKind.Should().Be(JsonValueKind.Null);
    }

    private static async Task<JsonElement> ItemAsync(HttpClient broker, string product, string departement, Guid id) =>
        (await broker.GetFromJsonAsync<JsonElement>($"/api/v1/market?product={product}&departement={departement}&pageSize=200"))
            .GetProperty("items").EnumerateArray().Single(i => i.GetProperty("id").GetGuid() == id);

    private async Task<List<Lead>> AddLeadsAsync(string product, DateTimeOffset createdAt, bool exclusive = true)
    {
        await using var db = app.CreateDbContext();
        var provider = (await TestData.AddAccountsAsync(db, AccountRole.Provider, 1, Now))[0];
        return await TestData.AddLeadsAsync(db, provider, 1, createdAt, product, exclusive);
    }

    /// <summary>Through the catalogue service, as the admin does: new leads of the product take this schedule.</summary>
    private async Task ScheduleAsync(string code, PriceSchedule? schedule)
    {
        var catalog = app.Services.GetRequiredService<CatalogService>();
        var product = (await catalog.GetAsync(code))!;
        await using var db = app.CreateDbContext();
        var admin = await db.Users.Where(u => u.Email == AppFactory.AdminEmail).Select(u => u.Id).SingleAsync();
        await catalog.UpdateAsync(code, new ProductChanges(product.Label, product.Price, product.MaxBuyers, product.IsActive, schedule), admin);
    }
}
