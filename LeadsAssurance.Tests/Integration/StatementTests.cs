using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LeadsAssurance.Domain.Accounts;
using LeadsAssurance.Tests.Infrastructure;
using UglyToad.PdfPig;

namespace LeadsAssurance.Tests.Integration;

/// <summary>The wallet on paper: the monthly statement of a broker's credits.</summary>
public class StatementTests(MarketFactory app) : IClassFixture<MarketFactory>
{
    [Fact]
    public async Task TheMonthlyStatementListsTheMonthsMovementsWithTheirBalances()
    {
        var (brokerId, key) = await app.CreateAccountAsync("Broker", approve: true);
        var broker = app.CreateApiClient(key);
        await using var db = app.CreateDbContext();
        var provider = (await TestData.AddAccountsAsync(db, AccountRole.Provider, 1, app.Clock.GetUtcNow()))[0];
        var lead = (await TestData.AddLeadsAsync(db, provider, 1, app.Clock.GetUtcNow(), "CREDIT_IMMO"))[0];
        await TestData.TopUpAsync(app.Services, brokerId, 100m);
        var hold = await (await broker.PostAsync($"/api/v1/market/{lead.Id}/reserve", null)).Content.ReadFromJsonAsync<JsonElement>();
        (await broker.PostAsJsonAsync($"/api/v1/reservations/{hold.GetProperty("reservationId").GetGuid()}/pay", new { method = "credits" })).EnsureSuccessStatusCode();

        var november = await broker.GetAsync("/api/v1/credits/statements/2026-11.pdf");
        var october = await broker.GetAsync("/api/v1/credits/statements/2026-10.pdf");
        var invalid = await broker.GetAsync("/api/v1/credits/statements/2026-13.pdf");
        var (_, providerKey) = await app.CreateAccountAsync("Provider", approve: true);
        var asProvider = await app.CreateApiClient(providerKey).GetAsync("/api/v1/credits/statements/2026-11.pdf");

        november.StatusCode.Should().Be(HttpStatusCode.OK);
        var text = Squash(await november.Content.ReadAsByteArrayAsync());
        var fr = LeadsAssurance.Domain.France.Culture;
        text.Should().Contain(Squash("Relevé de compte — novembre 2026")).And.Contain(Squash("Solde au début du mois 0,00 €"))
            .And.Contain(Squash("Recharges 1 opération(s) · 100,00 €"))
            .And.Contain(Squash($"Achats de leads 1 opération(s) · {(-lead.Price).ToString("C", fr)}"))
            .And.Contain(Squash($"Solde à la fin du mois {(100m - lead.Price).ToString("C", fr)}"))
            .And.Contain(Squash("Crédit immobilier"));
        Squash(await october.Content.ReadAsByteArrayAsync()).Should().Contain(Squash("Aucune opération ce mois-ci."));
        invalid.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        asProvider.StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    private static string Squash(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        return Squash(string.Concat(document.GetPages().SelectMany(p => p.GetWords()).Select(w => w.Text)));
    }

    private static string Squash(string text) => new([.. text.Where(c => !char.IsWhiteSpace(c) && c != '\u202F')]);
}
