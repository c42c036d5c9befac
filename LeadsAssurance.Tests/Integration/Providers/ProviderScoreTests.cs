using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LeadsAssurance.Domain;
using LeadsAssurance.Domain.Accounts;
using LeadsAssurance.Domain.Ingestion;
using LeadsAssurance.Domain.Providers;
using LeadsAssurance.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LeadsAssurance.Tests.Integration.Providers;

/// <summary>
/// The provider quality score from its stored counters: moved by imports, sales and accepted returns in their own
/// transactions, shown in the market API, filtered on by brokers and by their flows. Each test uses a product or a
/// département of its own.
/// </summary>
public class ProviderScoreTests(FreshScoresFactory app) : IClassFixture<FreshScoresFactory>
{
    private ProviderScores Scores => app.Services.GetRequiredService<ProviderScores>();
    private DateOnly Today => France.DateOf(app.Clock.GetUtcNow());

    [Fact]
    public async Task AProviderWithManyAcceptedReturnsFallsBelowOneWithNoneAndANewProviderIsNeutral()
    {
        var world = new DisputeWorld(app);
        var (_, broker, _) = await world.BrokerAsync(5000m);
        var returned = await world.BuyAsync(broker, 8);
        var kept = await world.BuyAsync(broker, 8);
        var newcomer = (await TestData.AddAccountsAsync(app.CreateDbContext(), AccountRole.Provider, 1, app.Clock.GetUtcNow()))[0];

        foreach (var lead in returned.Take(6))
        {
            var dispute = await DisputeWorld.OpenAsync(broker, lead.Id);
            (await world.Admin.PostAsJsonAsync($"/api/v1/admin/disputes/{dispute}/accept", new { note = "Numéro non attribué." })).EnsureSuccessStatusCode();
        }
        var low = await Scores.OfAsync(returned[0].ProviderId);
        var high = await Scores.OfAsync(kept[0].ProviderId);
        var neutral = await Scores.OfAsync(newcomer);

        low.Stars.Should().BeLessThan(high.Stars);
        low.Stars.Should().BeLessThan(neutral.Stars, "six returns out of eight sales are worse than no history");
        neutral.Stars.Should().Be(3.5m);
        neutral.Sales.Should().Be(0);
        (low.Sales, high.Sales).Should().Be((8, 8));
        // TestData's consents are five minutes old when bought at the app's (frozen) time.
        (await ProviderHistory.TotalsAsync(app, returned[0].ProviderId)).Should().Be(new ProviderCounters(0, 0, 0, 8, 6, 8 * 5));
        (await ProviderHistory.TotalsAsync(app, kept[0].ProviderId)).Should().Be(new ProviderCounters(0, 0, 0, 8, 0, 8 * 5));
    }

    [Fact]
    public async Task ACsvImportCountsItsRowsRefusalsAndDuplicatesForTheProvider()
    {
        var imports = app.Services.GetRequiredService<LeadImports>();
        // Phones of their own: MutuelleCsv's and LeadRequests' generated numbers meet in the same product.
        var rows = new[] { MutuelleCsv.Row("07 58 41 23 91"), MutuelleCsv.Row("07 58 41 23 92"), MutuelleCsv.Row("07 58 41 23 93", zip: "00000"),
            MutuelleCsv.Row("07 58 41 23 91"), MutuelleCsv.Row("07 58 41 23 94") };
        var (providerId, importId, _) = await MutuelleCsv.CreateImportAsync(app, imports, rows);

        (await imports.RunAsync(importId)).Should().BeTrue();

        var totals = await ProviderHistory.TotalsAsync(app, providerId);
        totals.Should().Be(new ProviderCounters(Submitted: 5, Accepted: 3, Duplicates: 1, Sales: 0, Returns: 0, ConsentAgeMinutes: 0));
        var score = await Scores.OfAsync(providerId);
        score.Acceptance.Should().Be((3m + 14m) / 25m);
        score.Uniqueness.Should().Be((4m + 14m) / 25m);
    }

    [Fact]
    public async Task TheMarketApiCarriesTheScoreAndItsSalesAndFiltersOnAMinimumScore()
    {
        var (_, key) = await app.CreateAccountAsync("Broker", approve: true);
        var broker = app.CreateApiClient(key);
        var providers = await TestData.AddAccountsAsync(app.CreateDbContext(), AccountRole.Provider, 3, app.Clock.GetUtcNow());
        var (trusted, returning, newcomer) = (providers[0], providers[1], providers[2]);
        await ProviderHistory.AddAsync(app, trusted, ProviderHistory.Trusted, Today.AddDays(-3));
        await ProviderHistory.AddAsync(app, returning, ProviderHistory.Returned, Today.AddDays(-3));
        foreach (var provider in providers)
            await TestData.AddLeadsAsync(app.CreateDbContext(), provider, 2, app.Clock.GetUtcNow(), "RC_PRO");

        var all = await ListAsync(broker, "");
        var atLeast4 = await ListAsync(broker, "&minScore=4");
        var atLeast34 = await ListAsync(broker, "&minScore=3.4");
        var outOfRange = await broker.GetAsync("/api/v1/market?product=RC_PRO&minScore=6");

        var expectedTrusted = ProviderScore.Compute(ProviderHistory.Trusted).Stars;
        var expectedReturned = ProviderScore.Compute(ProviderHistory.Returned).Stars;
        expectedTrusted.Should().BeGreaterThanOrEqualTo(4.9m);
        expectedReturned.Should().Be(3.3m);
        all.Select(i => (i.GetProperty("providerScore").GetDecimal(), i.GetProperty("providerSales").GetInt32())).Should()
            .BeEquivalentTo([(expectedTrusted, 300), (expectedTrusted, 300), (expectedReturned, 300), (expectedReturned, 300), (3.5m, 0), (3.5m, 0)]);
        atLeast4.Select(i => i.GetProperty("providerScore").GetDecimal()).Should().Equal(expectedTrusted, expectedTrusted);
        atLeast34.Select(i => i.GetProperty("providerScore").GetDecimal()).Should().BeEquivalentTo([expectedTrusted, expectedTrusted, 3.5m, 3.5m],
            "a new provider's neutral 3,5 passes a 3,4 minimum");
        outOfRange.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await outOfRange.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("minScore", out _).Should().BeTrue();
    }

    [Fact]
    public async Task AFlowWithAMinimumProviderScoreSkipsALowScoreProvidersLead()
    {
        var world = new FlowWorld(app, app.Clock.GetUtcNow());
        var (_, broker) = await world.BrokerAsync(1000m);
        var created = await broker.PostAsJsonAsync("/api/v1/flows", new
        {
            name = "Apporteurs 4 étoiles", productCodes = new[] { "MUTUELLE_SANTE" }, departements = new[] { "33" }, minProviderScore = 4.0m,
        });
        var flow = await created.Content.ReadFromJsonAsync<JsonElement>();
        var (lowId, lowKey) = await app.CreateAccountAsync("Provider", approve: true);
        var (highId, highKey) = await app.CreateAccountAsync("Provider", approve: true);
        await ProviderHistory.AddAsync(app, lowId, ProviderHistory.Returned, Today.AddDays(-2));
        await ProviderHistory.AddAsync(app, highId, ProviderHistory.Trusted, Today.AddDays(-2));

        var lowLead = (await world.PostAsync(app.CreateApiClient(lowKey), "33", 1))[0];
        var highLead = (await world.PostAsync(app.CreateApiClient(highKey), "33", 1))[0];

        created.StatusCode.Should().Be(HttpStatusCode.Created);
        flow.GetProperty("minProviderScore").GetDecimal().Should().Be(4.0m);
        await using var db = app.CreateDbContext();
        var flowId = flow.GetProperty("id").GetGuid();
        db.Purchases.Where(p => p.FlowId == flowId).Select(p => p.LeadId).Should().Equal(highLead);
        db.Leads.Single(l => l.Id == lowLead).Status.Should().Be(LeadsAssurance.Domain.Leads.LeadStatus.Stock, "the low-score provider's lead goes to the market");
        (await FlowWorld.ListedAsync(broker, "33")).Should().Be(1);
        (await ProviderHistory.TotalsAsync(app, highId)).Sales.Should().Be(ProviderHistory.Trusted.Sales + 1, "a flow's purchase is a sale too");
    }

    [Fact]
    public async Task AFlowRefusesAMinimumScoreOutOfRangeOrFinerThanADecimal()
    {
        var (_, broker) = await new FlowWorld(app, app.Clock.GetUtcNow()).BrokerAsync(0m);

        var tooFine = await broker.PostAsJsonAsync("/api/v1/flows", new { name = "x", productCodes = new[] { "MUTUELLE_SANTE" }, minProviderScore = 4.25m });
        var tooHigh = await broker.PostAsJsonAsync("/api/v1/flows", new { name = "x", productCodes = new[] { "MUTUELLE_SANTE" }, minProviderScore = 5.5m });

        tooFine.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        tooHigh.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await tooFine.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("minProviderScore", out _).Should().BeTrue();
    }

    private static async Task<List<JsonElement>> ListAsync(HttpClient broker, string filters) =>
        [.. (await broker.GetFromJsonAsync<JsonElement>($"/api/v1/market?product=RC_PRO&pageSize=200{filters}")).GetProperty("items").EnumerateArray()];
}
