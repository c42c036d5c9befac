using LeadsAssurance.Domain.Audit;
using LeadsAssurance.Domain.Data;
using LeadsAssurance.Domain.Email;
using LeadsAssurance.Domain.Ledger;
using LeadsAssurance.Domain.Market;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Stripe;
using Stripe.Checkout;

namespace LeadsAssurance.Domain.Payments;

public enum WebhookStatus
{
    /// <summary>The signature or the payload is not Stripe's (or is too old): 400.</summary>
    Rejected,
    /// <summary>Handled now.</summary>
    Processed,
    /// <summary>This event (or this payment) was already handled.</summary>
    Duplicate,
    /// <summary>Nothing for us in it (another event type, an unknown session, a payment not completed yet).</summary>
    Ignored,
}

/// <summary>The webhook's result; <see cref="BrokerId"/> names the wallet that moved, for live screens.</summary>
public sealed record WebhookResult(WebhookStatus Status, Guid? BrokerId = null, string? Reason = null);

/// <summary>
/// Stripe's signed notifications. The signature is checked on the raw body against <c>Stripe:WebhookSecret</c> with the
/// timestamp tolerance, then each event is handled once: its id is recorded in <c>stripe_events</c> in the same
/// transaction that credits the wallet (and, for a held lead, buys it), so parallel or repeated deliveries credit once,
/// and a late "expired" cannot undo a payment.
/// </summary>
public sealed class StripeWebhooks(
    IDbContextFactory<AppDbContext> dbFactory, LedgerService ledger, MarketService market, CardReversals reversals,
    IOptions<StripeOptions> options, EmailOutbox outbox, EmailTemplates emails, TimeProvider time, ILogger<StripeWebhooks> logger)
{
    public async Task<WebhookResult> HandleAsync(string json, string? signature, CancellationToken ct = default)
    {
        var secret = options.Value.WebhookSecret;
        if (string.IsNullOrWhiteSpace(secret))
            return new WebhookResult(WebhookStatus.Rejected, Reason: "Stripe webhooks are not configured.");
        Event stripeEvent;
        try
        {
            stripeEvent = EventUtility.ConstructEvent(json, signature ?? "", secret, (long)options.Value.WebhookTolerance.TotalSeconds,
                time.GetUtcNow().ToUnixTimeSeconds(), throwOnApiVersionMismatch: false);
        }
        catch (Exception e) when (e is StripeException or Newtonsoft.Json.JsonException or ArgumentException or FormatException)
        {
            logger.LogWarning("Stripe webhook refused: {Reason}", e.Message);
            return new WebhookResult(WebhookStatus.Rejected, Reason: e.Message);
        }

        return stripeEvent.Type switch
        {
            EventTypes.CheckoutSessionCompleted or EventTypes.CheckoutSessionAsyncPaymentSucceeded =>
                await SettleAsync(stripeEvent, (Session)stripeEvent.Data.Object, ct),
            EventTypes.CheckoutSessionExpired or EventTypes.CheckoutSessionAsyncPaymentFailed =>
                await CloseUnpaidAsync(stripeEvent, (Session)stripeEvent.Data.Object, ct),
            EventTypes.ChargeRefunded when stripeEvent.Data.Object is Charge charge =>
                await MirrorAsync(stripeEvent, db => reversals.RefundedAsync(db, charge.PaymentIntentId, charge.Id, charge.AmountRefunded, charge.Currency, ct), ct),
            EventTypes.ChargeDisputeCreated when stripeEvent.Data.Object is Dispute dispute =>
                await MirrorAsync(stripeEvent, db => reversals.DisputedAsync(db, dispute.PaymentIntentId, dispute.Id, dispute.Amount, dispute.Currency, ct), ct),
            EventTypes.ChargeDisputeFundsReinstated when stripeEvent.Data.Object is Dispute dispute =>
                await MirrorAsync(stripeEvent, db => reversals.ReinstatedAsync(db, dispute.PaymentIntentId, dispute.Id, dispute.Currency, ct), ct),
            _ => new WebhookResult(WebhookStatus.Ignored, Reason: $"Event type {stripeEvent.Type} is not used."),
        };
    }

    private async Task<WebhookResult> SettleAsync(Event stripeEvent, Session session, CancellationToken ct)
    {
        if (session.PaymentStatus != "paid")
            return new WebhookResult(WebhookStatus.Ignored, Reason: "Payment not completed yet (an asynchronous method will confirm it).");
        var now = time.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (!await RecordAsync(db, stripeEvent, now, ct))
            return new WebhookResult(WebhookStatus.Duplicate);
        var payment = await LockPaymentAsync(db, session, ct);
        if (payment is null)
        {
            logger.LogWarning("Stripe session {SessionId} matches no card payment here", session.Id);
            await tx.CommitAsync(ct);
            return new WebhookResult(WebhookStatus.Ignored, Reason: "Unknown session.");
        }
        if (payment.Status == CardPaymentStatus.Paid)
        {
            // Another event about the same session (completed, then async_payment_succeeded) already credited it.
            await tx.CommitAsync(ct);
            return new WebhookResult(WebhookStatus.Duplicate, payment.BrokerId);
        }

        // Credit what Stripe says was paid, in euros; a different amount than asked is credited all the same and flagged.
        var paid = CardPayments.Euros(session.AmountTotal);
        if (!string.Equals(session.Currency, "eur", StringComparison.OrdinalIgnoreCase) || paid <= 0)
        {
            logger.LogError("Stripe session {SessionId}: unexpected amount {Amount} {Currency}", session.Id, session.AmountTotal, session.Currency);
            payment.Failed("Paiement reçu dans une devise ou pour un montant inattendu : notre équipe le traite manuellement.", now);
            db.AuditLog.Add(new AuditEntry(null, "payment.card.anomaly", $"account:{payment.BrokerId}", $"{session.Id}: {session.AmountTotal} {session.Currency}", now));
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return new WebhookResult(WebhookStatus.Processed, payment.BrokerId);
        }
        if (paid != payment.Amount)
            logger.LogWarning("Stripe session {SessionId}: paid {Paid} instead of {Asked}", session.Id, paid, payment.Amount);
        var credit = await ledger.AppendAsync(db, payment.BrokerId, LedgerEntryKind.TopUp, paid, $"stripe:{session.Id}", null, ct);
        db.AuditLog.Add(new AuditEntry(payment.BrokerId, "credits.topup.card", $"account:{payment.BrokerId}",
            $"{paid:0.00} € par carte (Stripe {session.Id})", now));
        await db.SaveChangesAsync(ct);

        MarketService.PayOutcome? bought = null;
        if (payment is { Purpose: CardPaymentPurpose.HeldLead, ReservationId: { } reservationId })
            bought = await market.PayInTransactionAsync(db, reservationId, payment.BrokerId, ct);
        var (outcome, message) = bought switch
        {
            null => (CardPaymentOutcome.Credited,
                $"Paiement confirmé : {CardPayments.Format(paid)} ajoutés à vos crédits. Nouveau solde : {CardPayments.Format(credit.BalanceAfter)}."),
            { Result: { } r } => (CardPaymentOutcome.LeadBought,
                $"Paiement confirmé : le lead est à vous ({CardPayments.Format(r.Lead.Price)} débités de vos crédits). Nouveau solde : {CardPayments.Format(r.Balance)}."),
            { Error: HoldExpiredException } => (CardPaymentOutcome.CreditsKept,
                $"Votre paiement de {CardPayments.Format(paid)} est arrivé après la fin de la réservation : le lead a été remis en vente et ne vous a pas été attribué. Le montant reste disponible en crédits."),
            { Error: ConsentExpiredException } => (CardPaymentOutcome.CreditsKept,
                $"Le consentement de ce lead a dépassé 30 jours : il ne peut plus être vendu. Votre paiement de {CardPayments.Format(paid)} reste disponible en crédits."),
            { Error: var e } => (CardPaymentOutcome.CreditsKept,
                $"Le lead n'a pas pu être acheté ({e!.Message}). Votre paiement de {CardPayments.Format(paid)} reste disponible en crédits."),
        };
        payment.Paid(paid, session.PaymentIntentId, outcome, message, now);
        await QueueReceiptAsync(db, payment, paid, bought?.Result?.Balance ?? credit.BalanceAfter,
            payment.Purpose == CardPaymentPurpose.HeldLead ? message : null, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        ledger.Announce(credit);
        if (bought is not null)
            market.Publish(bought);
        return new WebhookResult(WebhookStatus.Processed, payment.BrokerId);
    }

    /// <summary>The session ended without money: it expired unpaid, or the bank refused a delayed payment (a SEPA debit).</summary>
    private async Task<WebhookResult> CloseUnpaidAsync(Event stripeEvent, Session session, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (!await RecordAsync(db, stripeEvent, now, ct))
            return new WebhookResult(WebhookStatus.Duplicate);
        var payment = await LockPaymentAsync(db, session, ct);
        if (stripeEvent.Type == EventTypes.CheckoutSessionAsyncPaymentFailed)
            payment?.Decline(now);
        else
            payment?.Expire(now);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new WebhookResult(payment is null ? WebhookStatus.Ignored : WebhookStatus.Processed, payment?.BrokerId);
    }

    /// <summary>A refund or dispute event, in one transaction with its event id; the balance is announced once committed.</summary>
    private async Task<WebhookResult> MirrorAsync(Event stripeEvent, Func<AppDbContext, Task<ReversalOutcome>> mirror, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (!await RecordAsync(db, stripeEvent, time.GetUtcNow(), ct))
            return new WebhookResult(WebhookStatus.Duplicate);
        var outcome = await mirror(db);
        await tx.CommitAsync(ct);
        if (outcome.Entry is not null)
            ledger.Announce(outcome.Entry);
        if (outcome.Reason is not null)
            logger.LogInformation("Stripe event {EventId} ({Type}): {Reason}", stripeEvent.Id, stripeEvent.Type, outcome.Reason);
        return new WebhookResult(outcome.Status, outcome.BrokerId, outcome.Reason);
    }

    private async Task QueueReceiptAsync(AppDbContext db, CardPayment payment, decimal paid, decimal balance, string? outcome, CancellationToken ct)
    {
        var broker = await db.Users.Where(u => u.Id == payment.BrokerId).Select(u => new { u.Email, u.CompanyName }).SingleAsync(ct);
        if (broker.Email is not null)
            outbox.Enqueue(db, broker.Email, emails.CardTopUpReceived(broker.CompanyName, paid, balance, outcome));
    }

    /// <summary>
    /// Records the event id; false when it is already there. A parallel delivery of the same event waits on the
    /// primary key until the first transaction ends, then finds it recorded.
    /// </summary>
    private static async Task<bool> RecordAsync(AppDbContext db, Event stripeEvent, DateTimeOffset now, CancellationToken ct) =>
        await db.Database.ExecuteSqlAsync(
            $"insert into stripe_events (id, type, processed_at) values ({stripeEvent.Id}, {stripeEvent.Type}, {now}) on conflict (id) do nothing", ct) == 1;

    private static async Task<CardPayment?> LockPaymentAsync(AppDbContext db, Session session, CancellationToken ct)
    {
        var reference = session.Metadata?.GetValueOrDefault("paymentId") ?? session.ClientReferenceId;
        if (!Guid.TryParse(reference, out var paymentId))
            return null;
        return await db.CardPayments.FromSql($"select * from card_payments where id = {paymentId} for update").SingleOrDefaultAsync(ct);
    }
}
