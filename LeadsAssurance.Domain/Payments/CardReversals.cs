using LeadsAssurance.Domain.Audit;
using LeadsAssurance.Domain.Data;
using LeadsAssurance.Domain.Email;
using LeadsAssurance.Domain.Ledger;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace LeadsAssurance.Domain.Payments;

/// <summary>A reversal as the admin's list shows it.</summary>
public sealed record CardReversalView(Guid Id, Guid BrokerId, string CompanyName, CardReversalKind Kind, decimal Amount, decimal Debited,
    decimal Debt, decimal Recovered, decimal Outstanding, DateTimeOffset CreatedAt, DateTimeOffset? ReinstatedAt, DateTimeOffset? SettledAt,
    string? SettlementNote);

/// <summary>What a refund or dispute event did, for the webhook's answer and the live balance.</summary>
internal sealed record ReversalOutcome(WebhookStatus Status, Guid? BrokerId = null, CreditLedgerEntry? Entry = null, string? Reason = null);

/// <summary>
/// Stripe's refunds and chargebacks of card top-ups, mirrored into the broker's wallet: today's credits are taken back
/// (never below zero), what was already spent becomes a debt the admin sees and recovers from later credits or records
/// as settled. A won chargeback gives everything back. Each event runs in the webhook's transaction, after the event id
/// and the card payment's row lock, so a repeated or reordered delivery books nothing twice.
/// </summary>
public sealed class CardReversals(
    IDbContextFactory<AppDbContext> dbFactory, LedgerService ledger, EmailOutbox outbox, EmailTemplates emails, TimeProvider time,
    ILogger<CardReversals> logger)
{
    /// <summary>
    /// <c>charge.refunded</c>: Stripe sends the cumulative refunded amount, so only the part not mirrored yet is taken (a
    /// late event with a smaller total takes nothing).
    /// </summary>
    internal async Task<ReversalOutcome> RefundedAsync(AppDbContext db, string? paymentIntentId, string chargeId, long refundedCents,
        string? currency, CancellationToken ct)
    {
        var payment = await LockPaidAsync(db, paymentIntentId, currency, ct);
        if (payment is null)
            return new ReversalOutcome(WebhookStatus.Ignored, Reason: "No paid card top-up for this charge.");
        var refundedBefore = await db.CardReversals.Where(r => r.CardPaymentId == payment.Id && r.Kind == CardReversalKind.Refund)
            .SumAsync(r => (decimal?)r.Amount, ct) ?? 0m;
        var amount = Math.Min(CardPayments.Euros(refundedCents), payment.PaidAmount!.Value) - refundedBefore;
        return amount <= 0
            ? new ReversalOutcome(WebhookStatus.Duplicate, payment.BrokerId, Reason: "Refund already mirrored.")
            : await TakeBackAsync(db, payment, CardReversalKind.Refund, $"{chargeId}:{refundedCents}", amount, ct);
    }

    /// <summary><c>charge.dispute.created</c>: the bank withdrew the disputed amount from the platform's Stripe balance.</summary>
    internal async Task<ReversalOutcome> DisputedAsync(AppDbContext db, string? paymentIntentId, string disputeId, long amountCents,
        string? currency, CancellationToken ct)
    {
        var payment = await LockPaidAsync(db, paymentIntentId, currency, ct);
        if (payment is null)
            return new ReversalOutcome(WebhookStatus.Ignored, Reason: "No paid card top-up for this dispute.");
        if (await db.CardReversals.AnyAsync(r => r.CardPaymentId == payment.Id && r.Kind == CardReversalKind.Chargeback && r.StripeReference == disputeId, ct))
            return new ReversalOutcome(WebhookStatus.Duplicate, payment.BrokerId);
        return await TakeBackAsync(db, payment, CardReversalKind.Chargeback, disputeId, CardPayments.Euros(amountCents), ct);
    }

    /// <summary>
    /// <c>charge.dispute.funds_reinstated</c>: the platform won; the broker gets back all he paid for this chargeback
    /// (credits taken, debt recovered, debt settled outside) and owes nothing more.
    /// </summary>
    internal async Task<ReversalOutcome> ReinstatedAsync(AppDbContext db, string? paymentIntentId, string disputeId, string? currency,
        CancellationToken ct)
    {
        var payment = await LockPaidAsync(db, paymentIntentId, currency, ct);
        if (payment is null)
            return new ReversalOutcome(WebhookStatus.Ignored, Reason: "No paid card top-up for this dispute.");
        var reversal = await db.CardReversals.SingleOrDefaultAsync(
            r => r.CardPaymentId == payment.Id && r.Kind == CardReversalKind.Chargeback && r.StripeReference == disputeId, ct);
        if (reversal is null)
            return new ReversalOutcome(WebhookStatus.Ignored, payment.BrokerId, Reason: "Unknown dispute.");
        if (reversal.ReinstatedAt is not null)
            return new ReversalOutcome(WebhookStatus.Duplicate, payment.BrokerId);
        var now = time.GetUtcNow();
        var giveBack = reversal.Debited + (reversal.SettledAt is null ? reversal.Recovered : reversal.Debt);
        reversal.Reinstate(now);
        var entry = giveBack > 0
            ? await ledger.AppendAsync(db, payment.BrokerId, LedgerEntryKind.ChargebackWon, giveBack, $"stripe-dispute:{disputeId}", null, ct)
            : null;
        db.AuditLog.Add(new AuditEntry(null, "payment.card.reinstated", $"account:{payment.BrokerId}",
            $"Contestation {disputeId} gagnée : {CardPayments.Format(giveBack)} rendus", now));
        await db.SaveChangesAsync(ct);
        return new ReversalOutcome(WebhookStatus.Processed, payment.BrokerId, entry);
    }

    private async Task<ReversalOutcome> TakeBackAsync(AppDbContext db, CardPayment payment, CardReversalKind kind, string reference,
        decimal amount, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        // A refund and a chargeback of the same charge never take back more than it paid.
        var takenBefore = await db.CardReversals.Where(r => r.CardPaymentId == payment.Id && r.ReinstatedAt == null)
            .SumAsync(r => (decimal?)r.Amount, ct) ?? 0m;
        amount = Math.Min(amount, payment.PaidAmount!.Value - takenBefore);
        if (amount <= 0)
            return new ReversalOutcome(WebhookStatus.Duplicate, payment.BrokerId, Reason: "The whole payment was already taken back.");
        var entry = await ledger.DebitUpToAsync(db, payment.BrokerId, LedgerKind(kind), amount,
            $"stripe-{(kind == CardReversalKind.Refund ? "refund" : "dispute")}:{reference}", null, ct);
        var debited = -(entry?.Amount ?? 0m);
        var reversal = new CardReversal(Guid.CreateVersion7(now), payment.Id, payment.BrokerId, kind, reference, amount, debited, now);
        db.CardReversals.Add(reversal);
        if (reversal.Debt > 0)
            logger.LogWarning("Card payment {PaymentId} of broker {BrokerId}: {Debt} € taken back by Stripe were already spent", payment.Id,
                payment.BrokerId, reversal.Debt);
        db.AuditLog.Add(new AuditEntry(null, kind == CardReversalKind.Refund ? "payment.card.refunded" : "payment.card.chargeback",
            $"account:{payment.BrokerId}",
            $"{CardPayments.Format(amount)} repris (Stripe {reference}) : {CardPayments.Format(debited)} débités, {CardPayments.Format(reversal.Debt)} dus", now));
        var broker = await db.Users.Where(u => u.Id == payment.BrokerId).Select(u => new { u.Email, u.CompanyName }).SingleAsync(ct);
        if (broker.Email is not null)
            outbox.Enqueue(db, broker.Email, emails.CardPaymentReversed(broker.CompanyName, kind == CardReversalKind.Chargeback, amount, debited,
                reversal.Debt, entry?.BalanceAfter ?? 0m));
        await db.SaveChangesAsync(ct);
        return new ReversalOutcome(WebhookStatus.Processed, payment.BrokerId, entry);
    }

    /// <summary>The paid top-up a refund or dispute is about, locked; null for another integration's charge or currency.</summary>
    private static async Task<CardPayment?> LockPaidAsync(AppDbContext db, string? paymentIntentId, string? currency, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(paymentIntentId) || !string.Equals(currency, "eur", StringComparison.OrdinalIgnoreCase))
            return null;
        var payment = await db.CardPayments.FromSql($"select * from card_payments where payment_intent_id = {paymentIntentId} for update")
            .SingleOrDefaultAsync(ct);
        return payment is { Status: CardPaymentStatus.Paid, PaidAmount: > 0 } ? payment : null;
    }

    /// <summary>The admin's list: every reversal with money still owed first, then the latest ones.</summary>
    public async Task<IReadOnlyList<CardReversalView>> ListAsync(bool outstandingOnly = false, int take = 200, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await (from r in db.CardReversals.AsNoTracking()
                          join u in db.Users on r.BrokerId equals u.Id
                          where !outstandingOnly || (r.ReinstatedAt == null && r.SettledAt == null && r.Debt > r.Recovered)
                          orderby r.CreatedAt descending
                          select new { r, u.CompanyName }).Take(take).ToListAsync(ct);
        return [.. rows.Select(x => View(x.r, x.CompanyName)).OrderByDescending(v => v.Outstanding > 0).ThenByDescending(v => v.CreatedAt)];
    }

    /// <summary>What a broker owes for card payments taken back after he spent them.</summary>
    public async Task<decimal> OutstandingAsync(Guid brokerId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.CardReversals.Where(r => r.BrokerId == brokerId && r.ReinstatedAt == null && r.SettledAt == null)
            .SumAsync(r => (decimal?)(r.Debt - r.Recovered), ct) ?? 0m;
    }

    /// <summary>
    /// The admin takes what he can of a debt from the broker's current credits. Returns the euros taken; a
    /// <see cref="DomainException"/> when the wallet is empty, a <see cref="ConflictException"/> when nothing is owed.
    /// </summary>
    public async Task<decimal> RecoverAsync(Guid reversalId, Guid adminId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var reversal = await LockAsync(db, reversalId, ct);
        var owed = reversal.Outstanding;
        if (owed <= 0)
            throw new ConflictException("Cette dette est déjà soldée.");
        await LedgerService.LockAccountAsync(db, reversal.BrokerId, ct);
        var take = Math.Min(owed, await LedgerService.BalanceLockedAsync(db, reversal.BrokerId, ct));
        if (take <= 0)
            throw new DomainException("Le solde de crédits du courtier est nul : rien ne peut être repris pour l'instant.");
        reversal.Recover(take);
        var entry = await ledger.AppendAsync(db, reversal.BrokerId, LedgerKind(reversal.Kind), -take, $"debt:{reversal.Id}:{reversal.Recovered:0.00}", adminId, ct);
        db.AuditLog.Add(new AuditEntry(adminId, "payment.card.debt.recovered", $"account:{reversal.BrokerId}",
            $"{CardPayments.Format(take)} repris sur les crédits ; reste dû {CardPayments.Format(reversal.Outstanding)}", time.GetUtcNow()));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        ledger.Announce(entry);
        return take;
    }

    /// <summary>The admin records a debt as paid outside the platform (a bank transfer), with a note.</summary>
    public async Task SettleAsync(Guid reversalId, Guid adminId, string? note, CancellationToken ct = default)
    {
        note = note?.Trim();
        if (string.IsNullOrEmpty(note) || note.Length > CardReversal.MaxNote)
            throw new ValidationFailedException("note", $"Indiquez comment la dette a été réglée (référence du virement, {CardReversal.MaxNote} caractères au plus).");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var reversal = await LockAsync(db, reversalId, ct);
        var owed = reversal.Outstanding;
        if (owed <= 0)
            throw new ConflictException("Cette dette est déjà soldée.");
        var now = time.GetUtcNow();
        reversal.Settle(adminId, note, now);
        db.AuditLog.Add(new AuditEntry(adminId, "payment.card.debt.settled", $"account:{reversal.BrokerId}",
            $"{CardPayments.Format(owed)} réglés hors plateforme : {note}", now));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    private static LedgerEntryKind LedgerKind(CardReversalKind kind) =>
        kind == CardReversalKind.Refund ? LedgerEntryKind.CardRefund : LedgerEntryKind.Chargeback;

    private static async Task<CardReversal> LockAsync(AppDbContext db, Guid id, CancellationToken ct) =>
        await db.CardReversals.FromSql($"select * from card_reversals where id = {id} for update").SingleOrDefaultAsync(ct)
            ?? throw new NotFoundException("Remboursement introuvable.");

    private static CardReversalView View(CardReversal r, string company) => new(r.Id, r.BrokerId, company, r.Kind, r.Amount, r.Debited,
        r.Debt, r.Recovered, r.Outstanding, r.CreatedAt, r.ReinstatedAt, r.SettledAt, r.SettlementNote);
}
