using System.Text;
using LeadsAssurance.Domain.Accounts;
using LeadsAssurance.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using UglyToad.PdfPig;

namespace LeadsAssurance.Tests.EndToEnd;

/// <summary>A broker pays by card through (fake) Stripe Checkout in a real browser; the signed webhook settles it.</summary>
[Trait("Category", "Slow")]
public class CardPaymentFlowTests(BrowserFixture app) : IClassFixture<BrowserFixture>
{
    /// <summary>Stripe's part once the card is accepted: the signed webhook, then the browser back on the success URL.</summary>
    private async Task CompleteOnStripeAsync(IPage page, string brokerId)
    {
        await page.WaitForURLAsync(url => url.Contains("/pay/cs_test_"));
        var session = app.Stripe.Sessions.Single(s => s.Metadata["brokerId"] == brokerId && page.Url.EndsWith(s.Id, StringComparison.Ordinal));
        var payload = FakeStripe.Event(session);
        using var content = new StringContent(payload, Encoding.UTF8, "application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/stripe") { Content = content };
        request.Headers.Add("Stripe-Signature", FakeStripe.Sign(payload, DateTimeOffset.UtcNow));
        (await app.CreateApiClient(null).SendAsync(request)).EnsureSuccessStatusCode();
        await page.GotoAsync(session.SuccessUrl);
        await page.GetByTestId("payment-message").WaitForAsync();
    }

    [Fact]
    public async Task ABrokerPaysAHeldLeadByCardAndDownloadsItsCertificate()
    {
        var (brokerId, _) = await app.CreateAccountAsync("Broker", approve: true, email: "carte@courtage.fr");
        await using var db = app.CreateDbContext();
        var provider = (await TestData.AddAccountsAsync(db, AccountRole.Provider, 1, DateTimeOffset.UtcNow))[0];
        var lead = (await TestData.AddLeadsAsync(db, provider, 1, DateTimeOffset.UtcNow, "ASSURANCE_ANIMAUX"))[0];

        var page = await app.NewPageAsync();
        await page.LogInAsync("carte@courtage.fr", "Passw0rd!x");
        await page.GotoAsync("/market");
        await page.WaitForCircuitAsync();
        await page.Locator($"[data-lead-id='{lead.Id}']").GetByTestId("buy").ClickAsync();
        var payByCard = page.GetByTestId("pay-card");
        await Assertions.Expect(payByCard).ToContainTextAsync($"Payer {lead.Price.ToString("N2", LeadsAssurance.Domain.France.Culture)}");
        await Assertions.Expect(payByCard).ToContainTextAsync("par carte");
        await payByCard.ClickAsync();
        await CompleteOnStripeAsync(page, brokerId.ToString());

        // The page follows the webhook: it shows a waiting message first.
        await Assertions.Expect(page.GetByTestId("payment-message")).ToContainTextAsync("le lead est à vous");
        await page.GotoAsync("/purchases");
        await page.WaitForCircuitAsync();
        var row = page.Locator($"[data-lead-id='{lead.Id}']");
        await Assertions.Expect(row).ToContainTextAsync(lead.LastName);
        await Assertions.Expect(row).ToContainTextAsync(lead.Email);
        var download = await page.RunAndWaitForDownloadAsync(() => row.GetByTestId("certificate").ClickAsync());
        var path = await download.PathAsync();
        using var pdf = PdfDocument.Open(await File.ReadAllBytesAsync(path));
        var proof = await db.ConsentRecords.Where(c => c.LeadId == lead.Id).Select(c => c.ProofHash).SingleAsync();
        string.Concat(pdf.GetPage(1).GetWords().Select(w => w.Text)).Should().Contain(proof).And.Contain(lead.LastName.Replace(" ", ""));
        await Assertions.Expect(page.GetByTestId("balance")).ToContainTextAsync("0,00");
    }

    [Fact]
    public async Task ABrokerBuysCreditsByCardAndSeesThemOnceStripeConfirms()
    {
        var (brokerId, _) = await app.CreateAccountAsync("Broker", approve: true, email: "recharge@courtage.fr");

        var page = await app.NewPageAsync();
        await page.LogInAsync("recharge@courtage.fr", "Passw0rd!x");
        await page.GotoAsync("/credits");
        await page.WaitForCircuitAsync();
        await page.GetByTestId("topup-amount").FillAsync("5");
        await page.GetByTestId("topup-pay").ClickAsync();
        await Assertions.Expect(page.GetByTestId("topup-amount-error")).ToContainTextAsync("Le montant doit être compris entre 20,00");
        page.Url.Should().EndWith("/credits", "an amount out of bounds never reaches Stripe");
        await page.GetByTestId("topup-amount").FillAsync("75");
        await page.GetByTestId("topup-pay").ClickAsync();
        await CompleteOnStripeAsync(page, brokerId.ToString());

        await Assertions.Expect(page.GetByTestId("payment-message")).ToContainTextAsync("ajoutés à vos crédits");
        await Assertions.Expect(page.GetByTestId("payment-message")).ToContainTextAsync("75,00");
        await page.GotoAsync("/credits");
        await page.WaitForCircuitAsync();
        // The page loads its figures again once the circuit starts: these assertions wait for them.
        await Assertions.Expect(page.GetByTestId("credits-balance")).ToContainTextAsync("75,00");
        await Assertions.Expect(page.GetByTestId("card-payments")).ToContainTextAsync("Crédité");
    }
}
