using System.Net;
using LeadsAssurance.Domain;
using LeadsAssurance.Domain.Ledger;
using LeadsAssurance.Domain.Market;
using LeadsAssurance.Domain.Payments;
using LeadsAssurance.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LeadsAssurance.Tests.Integration;

/// <summary>
/// Stripe takes money back after a card top-up was credited (a refund from the dashboard, a bank dispute): the wallet
/// follows, never below zero, and what was already spent is a debt the admin sees and recovers.
/// </summary>
public class StripeReversalTests(PaymentFactory app) : IClassFixture<PaymentFactory>
{
    private const string ReturnUrl = "https://app.exemple.fr";

    private CardReversals Reversals => app.Services.GetRequiredService<CardReversals>();

    /// <summary>A broker who topped up <paramref name="euros"/> by card, paid.</summary>
    private async Task<(Guid Broker, FakeStripe.FakeSession Session)> PaidTopUpAsync(decimal euros)
    {
        var (broker, _) = await app.BrokerAsync();
        var payment = await app.Payments.StartTopUpAsync(broker, euros, ReturnUrl);
        var session = app.SessionOf(payment);
        (await app.DeliverAsync(FakeStripe.Event(session))).StatusCode.Should().Be(HttpStatusCode.OK);
        (await app.BalanceAsync(broker)).Should().Be(euros);
        return (broker, session);
    }

    private async Task SpendAsync(Guid broker)
    {
        var lead = await app.LeadAsync();
        var market = app.Services.GetRequiredService<MarketService>();
        var hold = await market.ReserveAsync(lead.Id, broker);
        await market.PayWithCreditsAsync(hold.ReservationId, broker);
    }

    private async Task LedgerAgreesAsync(Guid broker)
    {
        await using var db = app.CreateDbContext();
        var (sum, last) = await TestData.LedgerAsync(db, broker);
        sum.Should().Be(last, "the running balance is the sum of the ledger");
        sum.Should().BeGreaterThanOrEqualTo(0m);
    }

    [Fact]
    public async Task ARefundedTopUpNobodySpentTakesItsCreditsBackAndLeavesNoDebt()
    {
        var (broker, session) = await PaidTopUpAsync(80m);

        var webhook = await app.DeliverAsync(FakeStripe.ChargeRefunded(session, 8000));

        webhook.StatusCode.Should().Be(HttpStatusCode.OK);
        (await app.BalanceAsync(broker)).Should().Be(0m, "a refunded card top-up's credits are no longer spendable");
        (await Reversals.OutstandingAsync(broker)).Should().Be(0m);
        await using var db = app.CreateDbContext();
        var entry = await db.CreditLedger.SingleAsync(e => e.AccountId == broker && e.Kind == LedgerEntryKind.CardRefund);
        entry.Amount.Should().Be(-80m);
        (await db.OutboundEmails.CountAsync(m => m.Template == LeadsAssurance.Domain.Email.EmailTemplate.CardPaymentReversed)).Should().BeGreaterThan(0);
        await LedgerAgreesAsync(broker);
    }

    [Fact]
    public async Task ARefundOfCreditsAlreadySpentDebitsWhatIsLeftAndRecordsTheRestAsADebtTheAdminRecovers()
    {
        var (broker, session) = await PaidTopUpAsync(50m);
        await SpendAsync(broker);
        var left = await app.BalanceAsync(broker);
        left.Should().BeLessThan(50m);

        await app.DeliverAsync(FakeStripe.ChargeRefunded(session, 5000));

        (await app.BalanceAsync(broker)).Should().Be(0m, "a balance never goes below zero");
        var debt = (await Reversals.ListAsync(outstandingOnly: true)).Single(r => r.BrokerId == broker);
        debt.Debited.Should().Be(left);
        debt.Outstanding.Should().Be(50m - left);
        (await Reversals.OutstandingAsync(broker)).Should().Be(50m - left);

        // The broker tops up by bank transfer; the admin takes the debt from it.
        await TestData.TopUpAsync(app.Services, broker, 100m);
        var taken = await Reversals.RecoverAsync(debt.Id, Guid.NewGuid());

        taken.Should().Be(50m - left);
        (await app.BalanceAsync(broker)).Should().Be(100m - taken);
        (await Reversals.OutstandingAsync(broker)).Should().Be(0m);
        var again = () => Reversals.RecoverAsync(debt.Id, Guid.NewGuid());
        (await again.Should().ThrowAsync<ConflictException>()).Which.Message.Should().Be("Cette dette est déjà soldée.");
        await LedgerAgreesAsync(broker);
    }

    [Fact]
    public async Task RecoveringFromAnEmptyWalletSaysSoAndSettlingOutsideNeedsANote()
    {
        var (broker, session) = await PaidTopUpAsync(60m);
        await SpendAsync(broker);
        await app.DeliverAsync(FakeStripe.ChargeRefunded(session, 6000));
        var debt = (await Reversals.ListAsync(outstandingOnly: true)).Single(r => r.BrokerId == broker);

        var recover = () => Reversals.RecoverAsync(debt.Id, Guid.NewGuid());
        (await recover.Should().ThrowAsync<DomainException>()).Which.Message.Should().Contain("solde de crédits du courtier est nul");
        var noNote = () => Reversals.SettleAsync(debt.Id, Guid.NewGuid(), "  ");
        (await noNote.Should().ThrowAsync<ValidationFailedException>()).Which.Errors.Should().ContainKey("note");

        await Reversals.SettleAsync(debt.Id, Guid.NewGuid(), "VIR-2026-118");

        (await Reversals.OutstandingAsync(broker)).Should().Be(0m);
        await using var db = app.CreateDbContext();
        (await db.AuditLog.CountAsync(a => a.Action == "payment.card.debt.settled" && a.Subject == $"account:{broker}")).Should().Be(1);
    }

    [Fact]
    public async Task PartialRefundsAreMirroredOnceEachWhateverTheOrderOrRepeatsOfStripesEvents()
    {
        var (broker, session) = await PaidTopUpAsync(100m);
        var first = FakeStripe.ChargeRefunded(session, 3000);
        var second = FakeStripe.ChargeRefunded(session, 7000);

        // The second refund's event (cumulative 70 €) arrives first, then the first one's (30 €), then a repeat.
        await app.DeliverAsync(second);
        await app.DeliverAsync(first);
        await app.DeliverAsync(second);
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => app.DeliverAsync(FakeStripe.ChargeRefunded(session, 7000))));

        (await app.BalanceAsync(broker)).Should().Be(30m, "70 € were refunded in all, however Stripe told it");
        await using var db = app.CreateDbContext();
        (await db.CreditLedger.Where(e => e.AccountId == broker && e.Kind == LedgerEntryKind.CardRefund).SumAsync(e => e.Amount)).Should().Be(-70m);
        await LedgerAgreesAsync(broker);
    }

    [Fact]
    public async Task AChargebackTakesTheCreditsBackAndAWonDisputeGivesBackEverythingTheBrokerPaid()
    {
        var (broker, session) = await PaidTopUpAsync(60m);
        await SpendAsync(broker);
        var left = await app.BalanceAsync(broker);

        await app.DeliverAsync(FakeStripe.DisputeEvent(session, "charge.dispute.created", "dp_test_1", 6000));
        (await app.BalanceAsync(broker)).Should().Be(0m);
        (await Reversals.OutstandingAsync(broker)).Should().Be(60m - left);
        await TestData.TopUpAsync(app.Services, broker, 10m);
        var debt = (await Reversals.ListAsync(outstandingOnly: true)).Single(r => r.BrokerId == broker);
        var recovered = await Reversals.RecoverAsync(debt.Id, Guid.NewGuid());

        await app.DeliverAsync(FakeStripe.DisputeEvent(session, "charge.dispute.funds_reinstated", "dp_test_1", 6000, "won"));
        await app.DeliverAsync(FakeStripe.DisputeEvent(session, "charge.dispute.funds_reinstated", "dp_test_1", 6000, "won"));

        (await Reversals.OutstandingAsync(broker)).Should().Be(0m);
        (await app.BalanceAsync(broker)).Should().Be(10m - recovered + left + recovered,
            "the credits taken at the dispute and the part of the debt recovered come back, once");
        await LedgerAgreesAsync(broker);
    }

    [Fact]
    public async Task RefundsOfChargesThisPlatformNeverCreditedMoveNothing()
    {
        var (broker, session) = await PaidTopUpAsync(20m);
        var foreign = FakeStripe.ForeignSession(2000);

        var unknown = await app.DeliverAsync(FakeStripe.ChargeRefunded(foreign, 2000));
        var otherCurrency = await app.DeliverAsync(FakeStripe.ChargeRefunded(session, 2000, currency: "usd"));

        unknown.StatusCode.Should().Be(HttpStatusCode.OK);
        otherCurrency.StatusCode.Should().Be(HttpStatusCode.OK);
        (await app.BalanceAsync(broker)).Should().Be(20m);
    }
}
