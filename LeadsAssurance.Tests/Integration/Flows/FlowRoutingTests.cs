using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LeadsAssurance.Domain.Email;
using LeadsAssurance.Domain.Flows;
using LeadsAssurance.Domain.Ledger;
using LeadsAssurance.Domain.Leads;
using LeadsAssurance.Domain.Market;
using LeadsAssurance.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LeadsAssurance.Tests.Integration.Flows;

/// <summary>
/// Flows buy at ingestion, before the market: caps, fairness, priority, shared places, credits. Each test works in a
/// département of its own, so the class's flows never buy each other's leads.
/// </summary>
public class FlowRoutingTests(MarketFactory app) : IClassFixture<MarketFactory>
{
    private FlowWorld World => new(app, app.Clock.GetUtcNow());

    [Fact]
    [Trait("Category", "Slow")]
    public async Task ThreeFlowsCappedAtFiveADayBuyExactlyFiveEachUnderTwentyParallelBulkPosts()
    {
        var world = World;
        var brokers = new List<(Guid Id, HttpClient Client)>();
        for (var i = 0; i < 3; i++)
            brokers.Add(await world.BrokerAsync(1000m));
        var flows = new List<Guid>();
        foreach (var (_, client) in brokers)
            flows.Add(await FlowWorld.FlowAsync(client, "13", daily: 5));
        var providers = new List<HttpClient>();
        for (var i = 0; i < 4; i++)
            providers.Add(await world.ProviderAsync());

        var posts = Enumerable.Range(0, 20).Select(i => Task.Run(() => world.PostAsync(providers[i % 4], "13", 50)));
        var accepted = (await Task.WhenAll(posts)).SelectMany(x => x).ToList();

        accepted.Should().HaveCount(1000);
        (await world.PurchasesByFlowAsync(flows)).Values.Should().Equal(5, 5, 5);
        (await FlowWorld.ListedAsync(brokers[0].Client, "13")).Should().Be(1000 - 15, "what the flows did not take is on the market");
        await using var db = app.CreateDbContext();
        foreach (var (id, client) in brokers)
        {
            var paid = await db.Purchases.Where(p => p.BrokerId == id).SumAsync(p => p.Price);
            var debits = await db.CreditLedger.Where(e => e.AccountId == id && e.Kind == LedgerEntryKind.Purchase).SumAsync(e => e.Amount);
            debits.Should().Be(-paid);
            var (sum, last) = await TestData.LedgerAsync(db, id);
            sum.Should().Be(1000m - paid).And.Be(last);
            (await client.GetFromJsonAsync<JsonElement>("/api/v1/me")).GetProperty("balance").GetDecimal().Should().Be(1000m - paid);
        }
        (await db.FlowDeliveries.CountAsync(d => flows.Contains(d.FlowId))).Should().Be(15);
        (await db.Leads.CountAsync(l => accepted.Contains(l.Id) && l.Status == LeadStatus.Sold)).Should().Be(15);
    }

    [Fact]
    [Trait("Category", "Slow")]
    public async Task FourEqualFlowsShareFourHundredLeadsEvenly()
    {
        var world = World;
        var flows = new List<Guid>();
        for (var i = 0; i < 4; i++)
            flows.Add(await FlowWorld.FlowAsync((await world.BrokerAsync(10_000m)).Client, "33"));
        var provider = await world.ProviderAsync();

        // Batches of uneven sizes, and single leads, so that turns carry across batches.
        foreach (var size in new[] { 50, 37, 1, 1, 1, 110, 99, 1, 100 })
            await world.PostAsync(provider, "33", size);

        var counts = await world.PurchasesByFlowAsync(flows);
        counts.Values.Sum().Should().Be(400);
        counts.Values.Should().OnlyContain(n => n >= 99 && n <= 101, $"equal flows take turns (got {string.Join(", ", counts.Values)})");
    }

    [Fact]
    public async Task AHigherPriorityFlowTakesEverythingUntilItsCap()
    {
        var world = World;
        var high = await FlowWorld.FlowAsync((await world.BrokerAsync()).Client, "31", daily: 10, priority: 8);
        var low = await FlowWorld.FlowAsync((await world.BrokerAsync()).Client, "31", priority: 5);
        var provider = await world.ProviderAsync();

        await world.PostAsync(provider, "31", 6);
        var afterSix = await world.PurchasesByFlowAsync([high, low]);
        await world.PostAsync(provider, "31", 9);

        afterSix[high].Should().Be(6);
        afterSix[low].Should().Be(0);
        var counts = await world.PurchasesByFlowAsync([high, low]);
        counts[high].Should().Be(10);
        counts[low].Should().Be(5);
    }

    [Fact]
    public async Task ASharedLeadGoesToFlowsOfDistinctBrokersAndTheRestIsListed()
    {
        var world = World;
        var (firstBroker, firstClient) = await world.BrokerAsync();
        var first = await FlowWorld.FlowAsync(firstClient, "59", exclusive: false);
        var sameBroker = await FlowWorld.FlowAsync(firstClient, "59", priority: 9, name: "Second flux du même courtier");
        var second = await FlowWorld.FlowAsync((await world.BrokerAsync()).Client, "59");
        var (_, outsider) = await world.BrokerAsync();
        var provider = await world.ProviderAsync();

        var leadId = (await world.PostAsync(provider, "59", 1, exclusive: false)).Single();

        await using var db = app.CreateDbContext();
        var purchases = await db.Purchases.Where(p => p.LeadId == leadId).ToListAsync();
        purchases.Should().HaveCount(2);
        purchases.Select(p => p.FlowId).Should().BeEquivalentTo(new Guid?[] { sameBroker, second }, "one place per broker: the higher-priority flow of the first broker, then the other broker's");
        purchases.Should().NotContain(p => p.FlowId == first);
        var listed = (await outsider.GetFromJsonAsync<JsonElement>("/api/v1/market?departement=59")).GetProperty("items").EnumerateArray().Single();
        listed.GetProperty("id").GetGuid().Should().Be(leadId);
        listed.GetProperty("buyersLeft").GetInt32().Should().Be(1);
        (await db.Leads.SingleAsync(l => l.Id == leadId)).Status.Should().Be(LeadStatus.Stock);
        _ = firstBroker;
    }

    [Fact]
    public async Task AFlowWhoseBrokerCannotPayIsSkippedPausedAndResumedByATopUp()
    {
        var world = World;
        var (brokerId, broker) = await world.BrokerAsync(credits: 5m);
        var flow = await FlowWorld.FlowAsync(broker, "44", autoResume: true);
        var (manualId, manualBroker) = await world.BrokerAsync(credits: 0m);
        var manual = await FlowWorld.FlowAsync(manualBroker, "44", autoResume: false);
        var provider = await world.ProviderAsync();

        var leadId = (await world.PostAsync(provider, "44", 1)).Single();

        (await world.PurchasesByFlowAsync([flow, manual])).Values.Should().Equal(0, 0);
        (await FlowWorld.ListedAsync(broker, "44")).Should().Be(1);
        var paused = await broker.GetFromJsonAsync<JsonElement>($"/api/v1/flows/{flow}");
        paused.GetProperty("status").GetString().Should().Be("Paused");
        paused.GetProperty("pauseReason").GetString().Should().Be("Crédits insuffisants");
        await using var db = app.CreateDbContext();
        (await db.OutboundEmails.CountAsync(e => e.Template == EmailTemplate.FlowPausedForCredits && e.Subject.Contains("Flux test"))).Should().BeGreaterThanOrEqualTo(2);
        (await TestData.LedgerAsync(db, brokerId)).LastBalance.Should().Be(5m, "nothing was charged");

        await TestData.TopUpAsync(app.Services, brokerId, 100m);
        await TestData.TopUpAsync(app.Services, manualId, 100m);

        (await broker.GetFromJsonAsync<JsonElement>($"/api/v1/flows/{flow}")).GetProperty("status").GetString().Should().Be("Active");
        (await manualBroker.GetFromJsonAsync<JsonElement>($"/api/v1/flows/{manual}")).GetProperty("status").GetString().Should().Be("Paused", "it does not resume by itself");
        await world.PostAsync(provider, "44", 1);
        (await world.PurchasesByFlowAsync([flow, manual])).Values.Should().Equal(1, 0);
        _ = leadId;
    }

    [Fact]
    public async Task ALeadTakenByAFlowNeverReachesAnotherBrokersMarketOrEvents()
    {
        var world = World;
        var (buyerId, buyer) = await world.BrokerAsync();
        var flow = await FlowWorld.FlowAsync(buyer, "67", webhookUrl: "https://crm.exemple.fr/hooks/leads");
        var (_, other) = await world.BrokerAsync();
        var provider = await world.ProviderAsync();
        var seen = new ConcurrentBag<MarketEvent>();
        using var subscription = world.Notifier.Subscribe(e => { seen.Add(e); return Task.CompletedTask; });

        var leadId = (await world.PostAsync(provider, "67", 1)).Single();
        var control = (await world.PostAsync(provider, "75", 1)).Single();

        (await Eventually.TrueAsync(() => seen.OfType<LeadListed>().Any(e => e.LeadId == control))).Should().BeTrue();
        (await Eventually.TrueAsync(() => seen.OfType<FlowDelivered>().Any(e => e.LeadId == leadId))).Should().BeTrue();
        seen.OfType<LeadListed>().Should().NotContain(e => e.LeadId == leadId, "a lead taken whole is never announced");
        seen.OfType<LeadSold>().Should().NotContain(e => e.LeadId == leadId);
        seen.OfType<FlowDelivered>().Single(e => e.LeadId == leadId).BrokerId.Should().Be(buyerId);
        seen.OfType<BalanceChanged>().Should().Contain(e => e.AccountId == buyerId);
        (await FlowWorld.ListedAsync(other, "67")).Should().Be(0);
        (await other.PostAsync($"/api/v1/market/{leadId}/reserve", null)).StatusCode.Should().Be(HttpStatusCode.Conflict);
        var purchases = await buyer.GetFromJsonAsync<JsonElement>("/api/v1/purchases");
        var bought = purchases.EnumerateArray().Single(p => p.GetProperty("id").GetGuid() == leadId);
        bought.GetProperty("flowId").GetGuid().Should().Be(flow);
        bought.GetProperty("phone").GetString().Should().NotBeNullOrEmpty();
        var deliveries = await buyer.GetFromJsonAsync<JsonElement>($"/api/v1/flows/{flow}/deliveries");
        var delivery = deliveries.EnumerateArray().Single();
        delivery.GetProperty("status").GetString().Should().Be("Pending", "the flow has a webhook");
        delivery.GetProperty("leadId").GetGuid().Should().Be(leadId);
    }

    [Fact]
    public async Task LeadsFromTheFormPathAndTheCsvImportAreRoutedToo()
    {
        var world = World;
        var (_, broker) = await world.BrokerAsync();
        var flow = await FlowWorld.FlowAsync(broker, "69", daily: 3);
        var provider = await world.ProviderAsync();
        var single = await provider.PostAsJsonAsync("/api/v1/leads", world.Lead("69"));
        single.StatusCode.Should().Be(HttpStatusCode.Created);
        (await world.PurchasesByFlowAsync([flow]))[flow].Should().Be(1);

        // Phones of their own: MutuelleCsv's numbering restarts with each test process and could meet this class's API leads.
        var imports = app.Services.GetRequiredService<global::LeadsAssurance.Domain.Ingestion.LeadImports>();
        var (_, importId, _) = await MutuelleCsv.CreateImportAsync(app, imports, Enumerable.Range(0, 5).Select(_ => MutuelleCsv.Row(phone: ClusterApi.NewPhone(), zip: "69003")));
        (await imports.RunAsync(importId)).Should().BeTrue();
        await using (var db = app.CreateDbContext())
        {
            var import = await db.LeadImports.AsNoTracking().SingleAsync(i => i.Id == importId);
            import.Accepted.Should().Be(5, $"the import's rows are valid (status {import.Status}, invalid {import.Invalid}, duplicates {import.Duplicates}, clock {app.Clock.GetUtcNow():O})");
        }

        (await world.PurchasesByFlowAsync([flow]))[flow].Should().Be(3, "the import's leads are offered to flows, up to the daily cap");
    }

    [Fact]
    public async Task TheProviderIsToldSoldWhenFlowsTookTheWholeLeadAndStockOtherwise()
    {
        var world = World;
        var (_, broker) = await world.BrokerAsync(1000m);
        await FlowWorld.FlowAsync(broker, "06", daily: 1);
        var provider = await world.ProviderAsync();

        async Task<string> PostAsync(bool exclusive)
        {
            var response = await provider.PostAsJsonAsync("/api/v1/leads", world.Lead("06", exclusive));
            response.StatusCode.Should().Be(System.Net.HttpStatusCode.Created);
            return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString()!;
        }

        (await PostAsync(exclusive: true)).Should().Be("Sold", "the flow bought its only place");
        (await PostAsync(exclusive: true)).Should().Be("Stock", "the flow's daily cap is reached: the lead goes to the market");
    }
}
