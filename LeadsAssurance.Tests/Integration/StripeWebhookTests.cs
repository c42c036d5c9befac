using System.Net;
using LeadsAssurance.Domain.Leads;
using LeadsAssurance.Domain.Market;
using LeadsAssurance.Domain.Payments;
using LeadsAssurance.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LeadsAssurance.Tests.Integration;

/// <summary>What Stripe may send besides the happy path: other amounts, unpaid or unknown sessions, failures, outages.</summary>
public class StripeWebhookTests(PaymentFactory app) : IClassFixture<PaymentFactory>
{
    private const string ReturnUrl = "https://app.exemple.fr";

    private CardPayments Payments => app.Payments;

    [Fact]
    public async Task APaymentOfAnotherAmountCreditsWhatStripeCharged()
    {
        var (broker, _) = await app.BrokerAsync();
        var payment = await Payments.StartTopUpAsync(broker, 50m, ReturnUrl);

        var webhook = await app.DeliverAsync(FakeStripe.Event(app.SessionOf(payment), amountTotal: 4000));
        var settled = await Payments.GetAsync(broker, payment.Id);

        webhook.StatusCode.Should().Be(HttpStatusCode.OK);
        settled!.Status.Should().Be(CardPaymentStatus.Paid);
        settled.PaidAmount.Should().Be(40m);
        settled.Message.Should().Contain("40,00");
        (await app.BalanceAsync(broker)).Should().Be(40m, "the wallet gets what the card paid, not what was asked");
    }

    [Fact]
    public async Task APaymentInAnotherCurrencyCreditsNothingAndIsFlaggedForTheTeam()
    {
        var (broker, _) = await app.BrokerAsync();
        var payment = await Payments.StartTopUpAsync(broker, 50m, ReturnUrl);

        var webhook = await app.DeliverAsync(FakeStripe.Event(app.SessionOf(payment), currency: "usd"));
        var settled = await Payments.GetAsync(broker, payment.Id);

        webhook.StatusCode.Should().Be(HttpStatusCode.OK, "Stripe must not retry an event we handled");
        settled!.Status.Should().Be(CardPaymentStatus.Failed);
        settled.Message.Should().Contain("devise").And.Contain("manuellement");
        (await app.BalanceAsync(broker)).Should().Be(0m);
        await using var db = app.CreateDbContext();
        (await db.AuditLog.CountAsync(a => a.Action == "payment.card.anomaly" && a.Subject == $"account:{broker}")).Should().Be(1);
    }

    [Fact]
    public async Task ACompletedEventForAnUnpaidSessionCreditsNothingUntilStripeConfirmsThePayment()
    {
        var (broker, _) = await app.BrokerAsync();
        var payment = await Payments.StartTopUpAsync(broker, 60m, ReturnUrl);
        var session = app.SessionOf(payment);

        var unpaid = await app.DeliverAsync(FakeStripe.Event(session, paid: false));
        var whileUnpaid = await Payments.GetAsync(broker, payment.Id);
        var balanceWhileUnpaid = await app.BalanceAsync(broker);
        var confirmed = await app.DeliverAsync(FakeStripe.Event(session, type: "checkout.session.async_payment_succeeded"));

        unpaid.StatusCode.Should().Be(HttpStatusCode.OK);
        whileUnpaid!.Status.Should().Be(CardPaymentStatus.Open);
        balanceWhileUnpaid.Should().Be(0m, "a bank debit that has not cleared is not money");
        confirmed.StatusCode.Should().Be(HttpStatusCode.OK);
        (await Payments.GetAsync(broker, payment.Id))!.Status.Should().Be(CardPaymentStatus.Paid);
        (await app.BalanceAsync(broker)).Should().Be(60m);
    }

    [Fact]
    public async Task AnEventAboutASessionWeNeverOpenedIsAcknowledgedAndCreditsNobody()
    {
        await using var db = app.CreateDbContext();
        var entriesBefore = await db.CreditLedger.CountAsync();

        var webhook = await app.DeliverAsync(FakeStripe.Event(FakeStripe.ForeignSession(10_000)));

        webhook.StatusCode.Should().Be(HttpStatusCode.OK);
        (await db.CreditLedger.CountAsync()).Should().Be(entriesBefore);
    }

    [Fact]
    public async Task AFailedAsynchronousPaymentCreditsNothingAndTellsTheBrokerItFailed()
    {
        var (broker, _) = await app.BrokerAsync();
        var payment = await Payments.StartTopUpAsync(broker, 80m, ReturnUrl);

        var webhook = await app.DeliverAsync(FakeStripe.Event(app.SessionOf(payment), type: "checkout.session.async_payment_failed", paid: false));
        var settled = await Payments.GetAsync(broker, payment.Id);

        webhook.StatusCode.Should().Be(HttpStatusCode.OK);
        settled!.Status.Should().Be(CardPaymentStatus.Failed);
        settled.Message.Should().Contain("refusé").And.Contain("rien n'a été débité").And.NotContain("expiré");
        (await app.BalanceAsync(broker)).Should().Be(0m);
    }

    [Fact]
    public async Task StripeDownDuringATopUpGivesAFrenchErrorAndRecordsNothingAsPaid()
    {
        var (broker, _) = await app.BrokerAsync();
        app.Stripe.Failing = true;
        try
        {
            var act = () => Payments.StartTopUpAsync(broker, 50m, ReturnUrl);

            (await act.Should().ThrowAsync<CardPaymentUnavailableException>()).Which.Message
                .Should().Be("Le paiement par carte est momentanément indisponible (Stripe ne répond pas). Rien n'a été débité ; réessayez dans quelques minutes.");
        }
        finally
        {
            app.Stripe.Failing = false;
        }
        (await Payments.ListAsync(broker)).Should().ContainSingle().Which.Status.Should().Be(CardPaymentStatus.Failed);
        (await app.BalanceAsync(broker)).Should().Be(0m);
    }

    [Fact]
    public async Task AHeldLeadMissingLessThanFiftyCentsIsChargedStripesMinimumAndTheRestStaysAsCredits()
    {
        var lead = await app.LeadAsync();
        var (broker, _) = await app.BrokerAsync(credits: lead.Price - 0.20m);
        var hold = await app.Services.GetRequiredService<MarketService>().ReserveAsync(lead.Id, broker);

        var payment = await Payments.StartHeldLeadAsync(broker, hold.ReservationId, ReturnUrl);
        var webhook = await app.DeliverAsync(FakeStripe.Event(app.SessionOf(payment)));

        payment.Amount.Should().Be(0.50m);
        app.SessionOf(payment).AmountTotal.Should().Be(50, "Stripe refuses a euro charge under 50 cents");
        webhook.StatusCode.Should().Be(HttpStatusCode.OK);
        (await Payments.GetAsync(broker, payment.Id))!.Outcome.Should().Be(CardPaymentOutcome.LeadBought);
        (await app.BalanceAsync(broker)).Should().Be(0.30m);
    }

    [Fact]
    public async Task AnExpiredCheckoutOfAHeldLeadLeavesTheHoldToItsCountdownAndAnotherCardPaymentCanStart()
    {
        var lead = await app.LeadAsync();
        var (broker, _) = await app.BrokerAsync(credits: 5m);
        var hold = await app.Services.GetRequiredService<MarketService>().ReserveAsync(lead.Id, broker);
        var payment = await Payments.StartHeldLeadAsync(broker, hold.ReservationId, ReturnUrl);

        var webhook = await app.DeliverAsync(FakeStripe.Event(app.SessionOf(payment), type: "checkout.session.expired", paid: false));
        var again = await Payments.StartHeldLeadAsync(broker, hold.ReservationId, ReturnUrl);

        webhook.StatusCode.Should().Be(HttpStatusCode.OK);
        (await Payments.GetAsync(broker, payment.Id))!.Status.Should().Be(CardPaymentStatus.Expired);
        again.Id.Should().NotBe(payment.Id, "the expired session is not offered again");
        again.Status.Should().Be(CardPaymentStatus.Open);
        (await app.BalanceAsync(broker)).Should().Be(5m);
        await using var db = app.CreateDbContext();
        (await db.Reservations.SingleAsync(r => r.Id == hold.ReservationId)).Status.Should().Be(ReservationStatus.Active);
        (await db.Leads.SingleAsync(l => l.Id == lead.Id)).Status.Should().Be(LeadStatus.Reserved);
    }
}
