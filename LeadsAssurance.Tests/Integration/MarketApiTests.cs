using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LeadsAssurance.Domain.Accounts;
using LeadsAssurance.Tests.Infrastructure;

namespace LeadsAssurance.Tests.Integration;

public class MarketApiTests(MarketFactory app) : IClassFixture<MarketFactory>
{
    private Task<(HttpClient A, Guid AId, HttpClient B, Guid BId, List<LeadsAssurance.Domain.Leads.Lead> Leads)> ArrangeAsync(int leads = 3, bool exclusive = true) =>
        ArrangeAsync(app, leads, exclusive);

    private static async Task<(HttpClient A, Guid AId, HttpClient B, Guid BId, List<LeadsAssurance.Domain.Leads.Lead> Leads)> ArrangeAsync(
        MarketFactory app, int leads, bool exclusive)
    {
        var (aId, aKey) = await app.CreateAccountAsync("Broker", approve: true);
        var (bId, bKey) = await app.CreateAccountAsync("Broker", approve: true);
        await using var db = app.CreateDbContext();
        var provider = (await TestData.AddAccountsAsync(db, AccountRole.Provider, 1, app.Clock.GetUtcNow()))[0];
        var created = await TestData.AddLeadsAsync(db, provider, leads, app.Clock.GetUtcNow(), "CREDIT_IMMO", exclusive);
        return (app.CreateApiClient(aKey), aId, app.CreateApiClient(bKey), bId, created);
    }

    private Task<HttpResponseMessage> TopUpAsync(Guid broker, decimal amount) => TopUpAsync(app, broker, amount);

    private static Task<HttpResponseMessage> TopUpAsync(MarketFactory app, Guid broker, decimal amount) =>
        app.CreateApiClient(AppFactory.AdminApiKey).PostAsJsonAsync($"/api/v1/admin/accounts/{broker}/credits", new { amount, reference = $"VIR-{Guid.NewGuid():N}" });

    [Fact]
    public async Task ReserveThenPayRevealsTheContactToTheBuyerOnly()
    {
        var (a, aId, b, _, leads) = await ArrangeAsync();
        (await TopUpAsync(aId, 200m)).StatusCode.Should().Be(HttpStatusCode.OK);
        var lead = leads[0];

        var reserve = await a.PostAsync($"/api/v1/market/{lead.Id}/reserve", null);
        var hold = await reserve.Content.ReadFromJsonAsync<JsonElement>();
        var loser = await b.PostAsync($"/api/v1/market/{lead.Id}/reserve", null);
        var pay = await a.PostAsJsonAsync($"/api/v1/reservations/{hold.GetProperty("reservationId").GetGuid()}/pay", new { method = "credits" });
        var paid = await pay.Content.ReadFromJsonAsync<JsonElement>();

        reserve.StatusCode.Should().Be(HttpStatusCode.Created);
        hold.GetProperty("leadId").GetGuid().Should().Be(lead.Id);
        hold.GetProperty("expiresAt").GetDateTimeOffset().Should().Be(app.Clock.GetUtcNow().AddMinutes(10));
        loser.StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await loser.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString().Should().Be("Lead already taken");
        pay.StatusCode.Should().Be(HttpStatusCode.OK);
        paid.GetProperty("lead").GetProperty("phone").GetString().Should().Be(lead.Phone);
        paid.GetProperty("lead").GetProperty("email").GetString().Should().Be(lead.Email);
        (await a.GetStringAsync("/api/v1/purchases")).Should().Contain(lead.Phone);
        (await b.GetStringAsync("/api/v1/purchases")).Should().NotContain(lead.Phone).And.Be("[]");
        (await a.GetFromJsonAsync<JsonElement>("/api/v1/me")).GetProperty("balance").GetDecimal().Should().Be(200m - lead.Price);
    }

    [Fact]
    public async Task TheMarketListCarriesNoContactField()
    {
        var (a, _, _, _, leads) = await ArrangeAsync(5);

        var raw = await a.GetStringAsync("/api/v1/market?product=CREDIT_IMMO&pageSize=200");
        var body = JsonDocument.Parse(raw).RootElement;

        body.GetProperty("total").GetInt32().Should().BeGreaterThanOrEqualTo(5);
        var first = body.GetProperty("items")[0];
        first.EnumerateObject().Select(p => p.Name).Should().BeEquivalentTo(
            "id", "productCode", "departement", "city", "createdAt", "price", "exclusive", "buyersLeft", "attributes", "providerScore", "providerSales",
            "priceFloor", "nextPriceAt", "namedPartner");
        raw.ShouldNotRevealAny(leads, "the market API");
    }

    [Fact]
    public async Task PayingWithoutEnoughCreditsIs402AndTheHoldStays()
    {
        var (a, _, _, _, leads) = await ArrangeAsync();
        var hold = await (await a.PostAsync($"/api/v1/market/{leads[0].Id}/reserve", null)).Content.ReadFromJsonAsync<JsonElement>();
        var reservationId = hold.GetProperty("reservationId").GetGuid();

        var pay = await a.PostAsJsonAsync($"/api/v1/reservations/{reservationId}/pay", new { method = "credits" });
        var cancel = await a.DeleteAsync($"/api/v1/reservations/{reservationId}");

        pay.StatusCode.Should().Be(HttpStatusCode.PaymentRequired);
        cancel.StatusCode.Should().Be(HttpStatusCode.NoContent, "the hold was still there to cancel");
    }

    [Fact]
    public async Task PayingAfterTheHoldExpiredIs410AndChargesNothing()
    {
        // Moves the clock: an app of its own.
        await using var own = await AppFactory.StartAsync<MarketFactory>();
        var (a, aId, _, _, leads) = await ArrangeAsync(own, 1, exclusive: true);
        (await TopUpAsync(own, aId, 100m)).StatusCode.Should().Be(HttpStatusCode.OK);
        var reserve = await a.PostAsync($"/api/v1/market/{leads[0].Id}/reserve", null);
        reserve.StatusCode.Should().Be(HttpStatusCode.Created, "the lead is held before the clock moves");
        var hold = await reserve.Content.ReadFromJsonAsync<JsonElement>();

        own.Clock.Advance(TimeSpan.FromMinutes(11));
        var pay = await a.PostAsJsonAsync($"/api/v1/reservations/{hold.GetProperty("reservationId").GetGuid()}/pay", new { method = "credits" });

        pay.StatusCode.Should().Be(HttpStatusCode.Gone);
        (await a.GetFromJsonAsync<JsonElement>("/api/v1/me")).GetProperty("balance").GetDecimal().Should().Be(100m);
        (await a.GetStringAsync("/api/v1/purchases")).Should().Be("[]");
    }

    [Fact]
    public async Task CancellingPutsTheLeadBackForTheOtherBroker()
    {
        var (a, _, b, _, leads) = await ArrangeAsync();
        var hold = await (await a.PostAsync($"/api/v1/market/{leads[1].Id}/reserve", null)).Content.ReadFromJsonAsync<JsonElement>();

        var cancel = await a.DeleteAsync($"/api/v1/reservations/{hold.GetProperty("reservationId").GetGuid()}");
        var second = await b.PostAsync($"/api/v1/market/{leads[1].Id}/reserve", null);

        cancel.StatusCode.Should().Be(HttpStatusCode.NoContent);
        second.StatusCode.Should().Be(HttpStatusCode.Created);
    }

    [Fact]
    public async Task AnotherBrokersReservationAndAnUnknownLeadAre404()
    {
        var (a, _, b, _, leads) = await ArrangeAsync();
        var hold = await (await a.PostAsync($"/api/v1/market/{leads[2].Id}/reserve", null)).Content.ReadFromJsonAsync<JsonElement>();

        var steal = await b.PostAsJsonAsync($"/api/v1/reservations/{hold.GetProperty("reservationId").GetGuid()}/pay", new { method = "credits" });
        var unknown = await b.PostAsync($"/api/v1/market/{Guid.NewGuid()}/reserve", null);

        steal.StatusCode.Should().Be(HttpStatusCode.NotFound);
        unknown.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task AProviderKeyCannotUseTheMarket()
    {
        var (_, key) = await app.CreateAccountAsync("Provider", approve: true);

        var response = await app.CreateApiClient(key).GetAsync("/api/v1/market");

        response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-10)]
    [InlineData(10.001)]
    public async Task ATopUpMustBePositiveToTheCent(decimal amount)
    {
        var (_, aId, _, _, _) = await ArrangeAsync(0);

        var response = await TopUpAsync(aId, amount);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("amount").GetArrayLength().Should().Be(1);
    }

    [Fact]
    public async Task TheSameBankTransferReferenceIsBookedOnce()
    {
        var (a, aId, _, _, _) = await ArrangeAsync(0);
        var admin = app.CreateApiClient(AppFactory.AdminApiKey);
        var transfer = new { amount = 150m, reference = "VIR-2026-0042" };

        var first = await admin.PostAsJsonAsync($"/api/v1/admin/accounts/{aId}/credits", transfer);
        var again = await admin.PostAsJsonAsync($"/api/v1/admin/accounts/{aId}/credits", transfer);

        (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("balance").GetDecimal().Should().Be(150m);
        (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("balance").GetDecimal().Should().Be(150m);
        (await a.GetFromJsonAsync<JsonElement>("/api/v1/me")).GetProperty("balance").GetDecimal().Should().Be(150m);
    }
}
