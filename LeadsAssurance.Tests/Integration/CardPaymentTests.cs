using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using LeadsAssurance.Domain;
using LeadsAssurance.Domain.Accounts;
using LeadsAssurance.Domain.Email;
using LeadsAssurance.Domain.Ledger;
using LeadsAssurance.Domain.Market;
using LeadsAssurance.Domain.Payments;
using LeadsAssurance.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LeadsAssurance.Tests.Integration;

/// <summary>Card payments through Stripe Checkout against a local fake Stripe, with webhooks signed as Stripe signs them.</summary>
public class CardPaymentTests(PaymentFactory app) : IClassFixture<PaymentFactory>
{
    private CardPayments Payments => app.Payments;

    private Task<(Guid Id, HttpClient Client)> BrokerAsync(decimal credits = 0) => app.BrokerAsync(credits);

    private Task<HttpResponseMessage> DeliverAsync(string payload, DateTimeOffset? signedAt = null, string? secret = null) =>
        app.DeliverAsync(payload, signedAt, secret);

    private FakeStripe.FakeSession SessionOf(CardPayment payment) => app.SessionOf(payment);

    private Task<decimal> BalanceAsync(Guid broker) => app.BalanceAsync(broker);

    private Task<LeadsAssurance.Domain.Leads.Lead> LeadAsync() => app.LeadAsync();

    [Fact]
    public async Task CreditsBoughtByCardArriveByTheWebhookOnly()
    {
        var (broker, client) = await BrokerAsync();

        var payment = await Payments.StartTopUpAsync(broker, 50m, "https://app.exemple.fr");
        var session = SessionOf(payment);
        var beforeWebhook = await BalanceAsync(broker);
        var delivered = await DeliverAsync(FakeStripe.Event(session));
        var settled = await Payments.GetAsync(broker, payment.Id);

        payment.Status.Should().Be(CardPaymentStatus.Open);
        payment.CheckoutUrl.Should().Be(session.Url);
        session.AmountTotal.Should().Be(5000);
        session.Currency.Should().Be("eur");
        session.Metadata["paymentId"].Should().Be(payment.Id.ToString());
        app.Stripe.IdempotencyKeys.Should().Contain($"checkout-{payment.Id}");
        beforeWebhook.Should().Be(0m, "the return page never credits");
        delivered.StatusCode.Should().Be(HttpStatusCode.OK);
        settled!.Status.Should().Be(CardPaymentStatus.Paid);
        settled.Outcome.Should().Be(CardPaymentOutcome.Credited);
        settled.Message.Should().Contain("50,00").And.Contain("ajoutés à vos crédits");
        (await BalanceAsync(broker)).Should().Be(50m);
        (await client.GetFromJsonAsync<JsonElement>("/api/v1/me")).GetProperty("balance").GetDecimal().Should().Be(50m);
        await using var db = app.CreateDbContext();
        var entry = await db.CreditLedger.SingleAsync(e => e.AccountId == broker);
        entry.Reference.Should().Be($"stripe:{session.Id}");
        var receipt = await client.GetAsync($"/api/v1/credits/receipts/{entry.Id}.pdf");
        receipt.StatusCode.Should().Be(HttpStatusCode.OK);
        using var pdf = UglyToad.PdfPig.PdfDocument.Open(await receipt.Content.ReadAsByteArrayAsync());
        string.Concat(pdf.GetPage(1).GetWords().Select(w => w.Text)).Should().Contain("Cartebancaire(Stripe)").And.Contain(session.Id);
        var (_, other) = await BrokerAsync();
        (await other.GetAsync($"/api/v1/credits/receipts/{entry.Id}.pdf")).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task ACardTopUpIsConfirmedByEmailOnceTheWebhookCredits()
    {
        var address = $"recharge-{Guid.NewGuid():N}@exemple.fr";
        var (broker, _) = await app.CreateAccountAsync("Broker", approve: true, email: address);
        var payment = await Payments.StartTopUpAsync(broker, 50m, "https://app.exemple.fr");

        await DeliverAsync(FakeStripe.Event(SessionOf(payment)));
        await using var db = app.CreateDbContext();
        var queued = await db.OutboundEmails.SingleAsync(e => e.Recipient == address && e.Template == EmailTemplate.CardTopUpReceived);
        // This app's clock stands still, and Quartz runs on it: the test sends as the job would.
        await app.Services.GetRequiredService<QueuedEmailSender>().SendDueAsync();

        var message = await MimeKit.MimeMessage.LoadAsync(Path.Combine(app.MailFolder, $"{queued.Id}.eml"));
        var euros = 50m.ToString("C", France.Culture);
        message.Subject.Should().Be($"Paiement reçu : {euros} crédités");
        message.TextBody.Should().Contain($"Montant crédité : {euros}").And.Contain($"Nouveau solde : {euros}");
    }

    [Theory]
    [InlineData("19.99")]
    [InlineData("5000.01")]
    [InlineData("25.005")]
    public async Task TopUpAmountsOutsideTheBoundsAreRefusedInFrench(string amount)
    {
        var (broker, _) = await BrokerAsync();

        var act = () => Payments.StartTopUpAsync(broker, decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture), "https://app.exemple.fr");

        (await act.Should().ThrowAsync<ValidationFailedException>()).Which.Errors["amount"].Single()
            .Should().Be("Le montant doit être compris entre 20,00 € et 5 000,00 €, au centime près.".Replace(" 000", "\u202F000"));
    }

    [Fact]
    public async Task TheSameEventDeliveredFiveTimesInParallelCreditsOnce()
    {
        var (broker, _) = await BrokerAsync();
        var payment = await Payments.StartTopUpAsync(broker, 120m, "https://app.exemple.fr");
        var payload = FakeStripe.Event(SessionOf(payment), eventId: "evt_parallel_" + payment.Id.ToString("N"));

        var responses = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => DeliverAsync(payload)));
        // Another event about the same session (Stripe's async confirmation) does not credit it again either.
        var again = await DeliverAsync(FakeStripe.Event(SessionOf(payment), type: "checkout.session.async_payment_succeeded"));

        responses.Should().OnlyContain(r => r.StatusCode == HttpStatusCode.OK);
        again.StatusCode.Should().Be(HttpStatusCode.OK);
        (await BalanceAsync(broker)).Should().Be(120m);
        await using var db = app.CreateDbContext();
        (await db.CreditLedger.CountAsync(e => e.AccountId == broker)).Should().Be(1);
        (await db.StripeEvents.CountAsync(e => e.Id == "evt_parallel_" + payment.Id.ToString("N"))).Should().Be(1);
    }

    [Fact]
    public async Task ABadSignatureOrAStaleTimestampIs400AndCreditsNothing()
    {
        var (broker, _) = await BrokerAsync();
        var payment = await Payments.StartTopUpAsync(broker, 30m, "https://app.exemple.fr");
        var payload = FakeStripe.Event(SessionOf(payment));

        var wrongSecret = await DeliverAsync(payload, secret: "whsec_not_ours");
        var stale = await DeliverAsync(payload, signedAt: app.Clock.GetUtcNow().AddMinutes(-10));
        var unsigned = await app.CreateApiClient(null).PostAsync("/webhooks/stripe", new StringContent(payload, Encoding.UTF8, "application/json"));
        // Stripe's genuine signature over the genuine payload, sent with an altered amount.
        var tamperedRequest = new HttpRequestMessage(HttpMethod.Post, "/webhooks/stripe")
        {
            Content = new StringContent(payload.Replace("\"amount_total\":3000", "\"amount_total\":300000"), Encoding.UTF8, "application/json"),
        };
        tamperedRequest.Headers.Add("Stripe-Signature", FakeStripe.Sign(payload, app.Clock.GetUtcNow()));
        var tampered = await app.CreateApiClient(null).SendAsync(tamperedRequest);

        foreach (var response in new[] { wrongSecret, stale, unsigned, tampered })
            response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await BalanceAsync(broker)).Should().Be(0m);
        (await Payments.GetAsync(broker, payment.Id))!.Status.Should().Be(CardPaymentStatus.Open);
        // The same event, correctly signed, is then accepted: the refusals recorded nothing.
        (await DeliverAsync(payload)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await BalanceAsync(broker)).Should().Be(30m);
    }

    [Fact]
    public async Task AHeldLeadPaidByCardIsBoughtWhenTheWebhookArrives()
    {
        var (broker, client) = await BrokerAsync(credits: 5m);
        var lead = await LeadAsync();
        var hold = await app.Services.GetRequiredService<MarketService>().ReserveAsync(lead.Id, broker);

        var payment = await Payments.StartHeldLeadAsync(broker, hold.ReservationId, "https://app.exemple.fr");
        var secondClick = await Payments.StartHeldLeadAsync(broker, hold.ReservationId, "https://app.exemple.fr");
        var webhook = await DeliverAsync(FakeStripe.Event(SessionOf(payment)));
        var settled = await Payments.GetAsync(broker, payment.Id);

        secondClick.Id.Should().Be(payment.Id, "a second click continues the same Checkout session");
        secondClick.CheckoutUrl.Should().Be(payment.CheckoutUrl);
        payment.Amount.Should().Be(lead.Price - 5m);
        SessionOf(payment).AmountTotal.Should().Be((long)((lead.Price - 5m) * 100));
        webhook.StatusCode.Should().Be(HttpStatusCode.OK);
        settled!.Outcome.Should().Be(CardPaymentOutcome.LeadBought);
        (await BalanceAsync(broker)).Should().Be(0m);
        (await client.GetStringAsync("/api/v1/purchases")).Should().Contain(lead.Phone);
        await using var db = app.CreateDbContext();
        (await db.Reservations.SingleAsync(r => r.Id == hold.ReservationId)).Status.Should().Be(ReservationStatus.Paid);
        (await db.Leads.SingleAsync(l => l.Id == lead.Id)).Status.Should().Be(LeadsAssurance.Domain.Leads.LeadStatus.Sold);
    }

    [Fact]
    public async Task APaymentArrivingAfterTheHoldExpiredStaysAsCreditsAndRevealsNothing()
    {
        // Moves the clock: an app of its own.
        await using var own = await AppFactory.StartAsync<PaymentFactory>();
        var (broker, client) = await own.BrokerAsync(credits: 5m);
        var lead = await own.LeadAsync();
        var market = own.Services.GetRequiredService<MarketService>();
        var hold = await market.ReserveAsync(lead.Id, broker);
        var payment = await own.Payments.StartHeldLeadAsync(broker, hold.ReservationId, "https://app.exemple.fr");
        await using (var before = own.CreateDbContext())
            (await before.Reservations.SingleAsync(r => r.Id == hold.ReservationId)).Status.Should().Be(ReservationStatus.Active, "the lead is held before the clock moves");

        own.Clock.Advance(TimeSpan.FromMinutes(11));
        var webhook = await own.DeliverAsync(FakeStripe.Event(own.SessionOf(payment)));
        await market.ReleaseExpiredAsync();
        var settled = await own.Payments.GetAsync(broker, payment.Id);

        webhook.StatusCode.Should().Be(HttpStatusCode.OK);
        settled!.Outcome.Should().Be(CardPaymentOutcome.CreditsKept);
        settled.Message.Should().Contain("après la fin de la réservation").And.Contain("reste disponible en crédits");
        (await own.BalanceAsync(broker)).Should().Be(lead.Price, "5 € of credits plus the card payment, nothing charged");
        (await client.GetStringAsync("/api/v1/purchases")).Should().Be("[]");
        await using var db = own.CreateDbContext();
        (await db.Reservations.SingleAsync(r => r.Id == hold.ReservationId)).Status.Should().Be(ReservationStatus.Expired);
        (await db.Purchases.AnyAsync(p => p.LeadId == lead.Id)).Should().BeFalse();
        (await db.Leads.SingleAsync(l => l.Id == lead.Id)).Status.Should().Be(LeadsAssurance.Domain.Leads.LeadStatus.Stock, "the lead is back on sale");
    }

    [Fact]
    public async Task StripeDownGivesAFrenchErrorAndKeepsTheHold()
    {
        var (broker, _) = await BrokerAsync();
        var lead = await LeadAsync();
        var hold = await app.Services.GetRequiredService<MarketService>().ReserveAsync(lead.Id, broker);
        app.Stripe.Failing = true;
        try
        {
            var act = () => Payments.StartHeldLeadAsync(broker, hold.ReservationId, "https://app.exemple.fr");

            (await act.Should().ThrowAsync<CardPaymentUnavailableException>()).Which.Message
                .Should().Be("Le paiement par carte est momentanément indisponible (Stripe ne répond pas). Rien n'a été débité ; réessayez dans quelques minutes.");
        }
        finally
        {
            app.Stripe.Failing = false;
        }
        await using var db = app.CreateDbContext();
        (await db.Reservations.SingleAsync(r => r.Id == hold.ReservationId)).Status.Should().Be(ReservationStatus.Active);
        (await db.CardPayments.SingleAsync(p => p.ReservationId == hold.ReservationId)).Status.Should().Be(CardPaymentStatus.Failed);
        (await BalanceAsync(broker)).Should().Be(0m);
    }

    [Fact]
    public async Task ALateExpiredEventDoesNotUndoAPayment()
    {
        var (broker, _) = await BrokerAsync();
        var payment = await Payments.StartTopUpAsync(broker, 40m, "https://app.exemple.fr");
        var session = SessionOf(payment);

        await DeliverAsync(FakeStripe.Event(session));
        var expired = await DeliverAsync(FakeStripe.Event(session, type: "checkout.session.expired", paid: false));

        expired.StatusCode.Should().Be(HttpStatusCode.OK);
        (await Payments.GetAsync(broker, payment.Id))!.Status.Should().Be(CardPaymentStatus.Paid);
        (await BalanceAsync(broker)).Should().Be(40m);
    }
}
