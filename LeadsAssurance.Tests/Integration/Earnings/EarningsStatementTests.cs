using System.Net;
using LeadsAssurance.Domain;
using LeadsAssurance.Tests.Infrastructure;
using UglyToad.PdfPig;

namespace LeadsAssurance.Tests.Integration.Earnings;

/// <summary>The provider's monthly earnings statement (PDF), read back with PdfPig. The test moves its app's clock.</summary>
public class EarningsStatementTests
{
    [Fact]
    public async Task TheStatementShowsTheMonthsSalesReturnsAndPayoutsWithWhatIsAvailableAndHeld()
    {
        await using var app = await AppFactory.StartAsync<MarketFactory>();
        var world = new EarningsWorld(app);
        var (providerId, email, _) = await world.ProviderAsync();
        var (_, broker, brokerKey) = await world.Disputes.BrokerAsync();
        var leads = await world.BuyFromAsync(providerId, broker, 3);
        await world.AcceptAsync(await DisputeWorld.OpenAsync(broker, leads[0].Id));
        var sale = (await world.LinesAsync(providerId))[0];
        app.Clock.Advance(TimeSpan.FromDays(8));
        await world.Payouts.MarkPaidAsync(providerId, new DateOnly(2026, 12, 1), 2 * sale.Amount, "VIR-DEC-01", await world.AdminIdAsync());
        var provider = await world.ProviderClientAsync(email);
        var (_, otherEmail, _) = await world.ProviderAsync();

        var november = await provider.GetAsync("/provider/statements/2026-11.pdf");
        var december = await provider.GetAsync("/provider/statements/2026-12.pdf");
        var future = await provider.GetAsync("/provider/statements/2027-01.pdf");
        var other = await (await world.ProviderClientAsync(otherEmail)).GetAsync("/provider/statements/2026-11.pdf");
        var asBroker = await app.CreateApiClient(brokerKey).GetAsync("/provider/statements/2026-11.pdf");

        november.StatusCode.Should().Be(HttpStatusCode.OK);
        november.Content.Headers.ContentType!.MediaType.Should().Be("application/pdf");
        var net = sale.Amount;
        Squash(await november.Content.ReadAsByteArrayAsync()).Should()
            .Contain(Squash("Relevé de gains — novembre 2026")).And.Contain(Squash("Solde au début du mois 0,00 €"))
            .And.Contain(Squash($"Ventes 3 vente(s) · {Euros(3 * sale.Gross)} − commission {Euros(3 * sale.Commission)} = {Euros(3 * net)}"))
            .And.Contain(Squash($"Retours acceptés 1 retour(s) · {Euros(-net)}"))
            .And.Contain(Squash($"Solde à la fin du mois {Euros(2 * net)}"))
            .And.Contain(Squash("dont disponible 0,00 €")).And.Contain(Squash($"dont en attente {Euros(2 * net)}"))
            .And.Contain(Squash("Crédit immobilier")).And.Contain(Squash("Retour accepté"));
        Squash(await december.Content.ReadAsByteArrayAsync()).Should()
            .Contain(Squash($"Solde au début du mois {Euros(2 * net)}")).And.Contain(Squash($"Virements reçus 1 virement(s) · {Euros(-2 * net)}"))
            .And.Contain(Squash("Réf. VIR-DEC-01")).And.Contain(Squash("Solde à la fin du mois 0,00 €"));
        future.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        Squash(await other.Content.ReadAsByteArrayAsync()).Should().Contain(Squash("Aucune opération ce mois-ci.")).And.NotContain(Squash("Crédit immobilier"));
        asBroker.StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    private static string Euros(decimal amount) => amount.ToString("C", France.Culture);

    private static string Squash(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        return Squash(string.Concat(document.GetPages().SelectMany(p => p.GetWords()).Select(w => w.Text)));
    }

    private static string Squash(string text) => new([.. text.Where(c => !char.IsWhiteSpace(c) && c != '\u202F')]);
}
