using LeadsAssurance.Domain.Audit;
using LeadsAssurance.Domain.Data;
using LeadsAssurance.Domain.Email;
using LeadsAssurance.Domain.Ledger;
using LeadsAssurance.Domain.Market;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LeadsAssurance.Domain.Disputes;

/// <summary>A dispute as its broker opened it.</summary>
public sealed record OpenedDispute(Guid Id, Guid LeadId, DisputeStatus Status, bool NeedsAttention);

/// <summary>A decision, with the credits given back (null for a refusal).</summary>
public sealed record DisputeDecision(Guid Id, DisputeStatus Status, decimal? Refund);

/// <summary>
/// Returns (litiges): a broker disputes a purchase within <see cref="MarketOptions.DisputeWindow"/>; an admin accepts it
/// (the price paid back to the broker's credits as a ledger refund, the place marked returned for the provider) or
/// refuses it with a note. Each change runs in one transaction under the dispute's (or the purchase's) row lock, queues
/// both parties' e-mails in it, and is announced (<see cref="DisputeChanged"/>) once committed.
/// </summary>
public sealed class DisputeService(
    IDbContextFactory<AppDbContext> dbFactory, LedgerService ledger, MarketEventBus events, EmailOutbox outbox, EmailTemplates emails,
    IOptions<MarketOptions> options, TimeProvider time)
{
    /// <summary>The window over which a broker's return rate is measured against <see cref="MarketOptions.ReturnRateCap"/>.</summary>
    public static readonly TimeSpan RateWindow = TimeSpan.FromDays(30);

    public async Task<IReadOnlyList<DisputeReason>> ReasonsAsync(bool activeOnly = true, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.DisputeReasons.AsNoTracking().Where(r => !activeOnly || r.Active)
            .OrderBy(r => r.SortOrder).ThenBy(r => r.Label).ToListAsync(ct);
    }

    /// <summary>An admin adds a reason brokers may pick; its code is what the API carries.</summary>
    public async Task<DisputeReason> AddReasonAsync(string? code, string? label, Guid adminId, CancellationToken ct = default)
    {
        code = code?.Trim();
        label = label?.Trim();
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrEmpty(code) || code.Length > DisputeReason.MaxCode || !code.All(char.IsAsciiLetterOrDigit))
            errors["code"] = [$"Le code est fait de lettres et de chiffres sans accent ({DisputeReason.MaxCode} au plus), par exemple « MineurIdentifie »."];
        if (string.IsNullOrEmpty(label) || label.Length > DisputeReason.MaxLabel)
            errors["label"] = [$"Le libellé est obligatoire ({DisputeReason.MaxLabel} caractères au plus)."];
        if (errors.Count > 0)
            throw new ValidationFailedException(errors);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await db.DisputeReasons.AnyAsync(r => r.Code == code, ct))
            throw new ConflictException($"Le motif « {code} » existe déjà.");
        var reason = new DisputeReason(code!, label!, await db.DisputeReasons.Where(r => !r.BuiltIn).MaxAsync(r => (int?)r.SortOrder, ct) + 1 ?? 100);
        db.DisputeReasons.Add(reason);
        db.AuditLog.Add(new AuditEntry(adminId, "dispute.reason.added", $"reason:{code}", label, time.GetUtcNow()));
        await db.SaveChangesAsync(ct);
        return reason;
    }

    /// <summary>Withdraws an added reason from brokers' choice (disputes that cite it keep it), or offers it again.</summary>
    public async Task SetReasonActiveAsync(string code, bool active, Guid adminId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var reason = await db.DisputeReasons.SingleOrDefaultAsync(r => r.Code == code, ct) ?? throw new NotFoundException("Motif introuvable.");
        reason.SetActive(active);
        db.AuditLog.Add(new AuditEntry(adminId, active ? "dispute.reason.enabled" : "dispute.reason.disabled", $"reason:{code}", null, time.GetUtcNow()));
        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// Opens the broker's dispute on his purchase of <paramref name="leadId"/>. <see cref="NotFoundException"/> when he did
    /// not buy it, <see cref="ConflictException"/> when it is already disputed, a <see cref="DomainException"/> past the window.
    /// </summary>
    public async Task<OpenedDispute> OpenAsync(Guid brokerId, Guid leadId, string? reasonCode, string? comment, CancellationToken ct = default)
    {
        var now = time.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // Found before the body is judged: another broker's purchase is not found, whatever was sent. The purchase row
        // serialises two disputes of the same place (the unique index is the backstop).
        var purchase = await db.Purchases.FromSql($"select * from purchases where lead_id = {leadId} and broker_id = {brokerId} for update")
            .Include(p => p.Lead).SingleOrDefaultAsync(ct) ?? throw new NotFoundException("Achat introuvable.");
        comment = string.IsNullOrWhiteSpace(comment) ? null : comment.Trim();
        if (comment?.Length > Dispute.MaxComment)
            throw new ValidationFailedException("comment", $"Le commentaire fait {Dispute.MaxComment} caractères au plus.");
        var reason = await db.DisputeReasons.AsNoTracking().SingleOrDefaultAsync(r => r.Code == reasonCode && r.Active, ct)
            ?? throw new ValidationFailedException("reason", string.IsNullOrWhiteSpace(reasonCode)
                ? "Choisissez un motif de contestation." : $"Motif de contestation inconnu : « {reasonCode} ».");
        var window = options.Value.DisputeWindow;
        if (now > purchase.PurchasedAt + window)
            throw new DomainException($"Le délai de contestation de {DisputeText.Window(window)} après l'achat est dépassé "
                + $"(achat du {DisputeText.Date(purchase.PurchasedAt)}).");
        if (await db.Disputes.AnyAsync(d => d.PurchaseId == purchase.Id, ct))
            throw new ConflictException("Cet achat est déjà contesté.");
        var needsAttention = await ReturnRateAfterAsync(db, brokerId, now, ct) > options.Value.ReturnRateCap;
        var dispute = new Dispute(Guid.CreateVersion7(now), purchase.Id, leadId, brokerId, purchase.Lead.ProviderId, reason.Code, comment,
            purchase.Price, needsAttention, now);
        db.Disputes.Add(dispute);
        db.AuditLog.Add(new AuditEntry(brokerId, "dispute.opened", $"lead:{leadId}", $"{reason.Code}{(needsAttention ? " (taux de retour au-delà du plafond)" : "")}", now));
        await db.SaveChangesAsync(ct);
        // The admin's rule for this reason: objective evidence accepts it now, unless the broker is past his cap.
        CreditLedgerEntry? refund = null;
        if (reason.AutoAccept && !needsAttention
            && await DisputeEvidence.FindAsync(db, reason.Code, purchase.Lead, brokerId, purchase.PurchasedAt, ct) is { } proof)
        {
            dispute.Accept(null, proof, now);
            refund = await AcceptedAsync(db, dispute, purchase, null, now, ct);
        }
        await tx.CommitAsync(ct);
        if (refund is not null)
            ledger.Announce(refund);
        events.Publish(new DisputeChanged(dispute.Id, leadId, brokerId, dispute.ProviderId, dispute.Status, now));
        return new OpenedDispute(dispute.Id, leadId, dispute.Status, needsAttention);
    }

    /// <summary>The broker's return rate over the last 30 days, counting the dispute he is opening.</summary>
    private static async Task<decimal> ReturnRateAfterAsync(AppDbContext db, Guid brokerId, DateTimeOffset now, CancellationToken ct)
    {
        var since = now - RateWindow;
        var purchases = await db.Purchases.CountAsync(p => p.BrokerId == brokerId && p.PurchasedAt >= since, ct);
        var disputes = await db.Disputes.CountAsync(d => d.BrokerId == brokerId && d.CreatedAt >= since, ct);
        return (disputes + 1m) / Math.Max(purchases, 1);
    }

    /// <summary>
    /// Accepts an open dispute: the price paid goes back to the broker's credits (ledger kind Refund, reference
    /// <c>dispute:{id}</c>, so it is booked once however many times this runs) and the place is marked returned.
    /// <see cref="ConflictException"/> once decided.
    /// </summary>
    public async Task<DisputeDecision> AcceptAsync(Guid disputeId, Guid adminId, string? note, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var dispute = await LockAsync(db, disputeId, ct);
        var now = time.GetUtcNow();
        dispute.Accept(adminId, note, now);
        var purchase = await db.Purchases.SingleAsync(p => p.Id == dispute.PurchaseId, ct);
        var entry = await AcceptedAsync(db, dispute, purchase, adminId, now, ct);
        await tx.CommitAsync(ct);
        ledger.Announce(entry);
        events.Publish(new DisputeChanged(dispute.Id, dispute.LeadId, dispute.BrokerId, dispute.ProviderId, dispute.Status, now));
        return new DisputeDecision(dispute.Id, dispute.Status, dispute.Refund);
    }

    /// <summary>Refuses an open dispute with a note both parties read; no money moves.</summary>
    public async Task<DisputeDecision> RefuseAsync(Guid disputeId, Guid adminId, string? note, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var dispute = await LockAsync(db, disputeId, ct);
        var now = time.GetUtcNow();
        dispute.Refuse(adminId, note ?? "", now);
        var fee = await ChargeFeeAsync(db, dispute, adminId, ct);
        await NotifyAsync(db, dispute, fee?.BalanceAfter, ct);
        db.AuditLog.Add(new AuditEntry(adminId, "dispute.refused", $"lead:{dispute.LeadId}",
            dispute.Fee is { } charged ? $"{dispute.DecisionNote} (frais {charged:0.00} €)" : dispute.DecisionNote, now));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        if (fee is not null)
            ledger.Announce(fee);
        events.Publish(new DisputeChanged(dispute.Id, dispute.LeadId, dispute.BrokerId, dispute.ProviderId, dispute.Status, now));
        return new DisputeDecision(dispute.Id, dispute.Status, null);
    }

    /// <summary>
    /// The money and counters of an acceptance, in the caller's transaction, after the dispute row's lock: the price paid
    /// back to the broker's credits (ledger kind Refund, reference <c>dispute:{id}</c>, booked once), the place marked
    /// returned, the return counted against the provider's quality score, both parties told.
    /// </summary>
    private async Task<CreditLedgerEntry> AcceptedAsync(AppDbContext db, Dispute dispute, Market.Purchase purchase, Guid? adminId,
        DateTimeOffset now, CancellationToken ct)
    {
        purchase.MarkReturned(now);
        // The dispute row is locked before the wallet: nothing takes them in the other order.
        var entry = await ledger.AppendAsync(db, dispute.BrokerId, LedgerEntryKind.Refund, dispute.Refund!.Value, $"dispute:{dispute.Id}", adminId, ct);
        // A return counts against the provider's quality score, on the day it is accepted, after the wallet as a sale does.
        await db.Database.ExecuteSqlRawAsync(Providers.ProviderStatsSql.CountReturn, [dispute.ProviderId, France.DateOf(now)], ct);
        // The provider's earning on that place is reversed in the same transaction.
        await db.Database.ExecuteSqlRawAsync(Earnings.EarningsSql.ReverseSale,
            [dispute.PurchaseId, new Npgsql.NpgsqlParameter("actor", NpgsqlTypes.NpgsqlDbType.Uuid) { Value = (object?)adminId ?? DBNull.Value }, now], ct);
        await NotifyAsync(db, dispute, entry.BalanceAfter, ct);
        db.AuditLog.Add(new AuditEntry(adminId, dispute.AutoAccepted ? "dispute.auto-accepted" : "dispute.accepted", $"lead:{dispute.LeadId}",
            $"{dispute.Refund:0.00} € recrédités", now));
        await db.SaveChangesAsync(ct);
        return entry;
    }

    /// <summary>
    /// <see cref="MarketOptions.RefusedDisputeFee"/> taken from the broker's credits for a refused dispute, never more than
    /// his balance (the wallet never goes below zero); null when there is no fee or nothing to take.
    /// </summary>
    private async Task<CreditLedgerEntry?> ChargeFeeAsync(AppDbContext db, Dispute dispute, Guid adminId, CancellationToken ct)
    {
        var fee = options.Value.RefusedDisputeFee;
        if (fee <= 0)
            return null;
        var entry = await ledger.DebitUpToAsync(db, dispute.BrokerId, LedgerEntryKind.DisputeFee, fee, $"dispute-fee:{dispute.Id}", adminId, ct);
        if (entry is not null)
            dispute.Charge(-entry.Amount);
        return entry;
    }

    /// <summary>The admin turns on (or off) automatic acceptance of a reason with objective evidence.</summary>
    public async Task SetAutoAcceptAsync(string code, bool autoAccept, Guid adminId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var reason = await db.DisputeReasons.SingleOrDefaultAsync(r => r.Code == code, ct) ?? throw new NotFoundException("Motif introuvable.");
        reason.SetAutoAccept(autoAccept);
        db.AuditLog.Add(new AuditEntry(adminId, autoAccept ? "dispute.reason.auto-accept.on" : "dispute.reason.auto-accept.off", $"reason:{code}", null, time.GetUtcNow()));
        await db.SaveChangesAsync(ct);
    }

    private static async Task<Dispute> LockAsync(AppDbContext db, Guid disputeId, CancellationToken ct) =>
        await db.Disputes.FromSql($"select * from disputes where id = {disputeId} for update").SingleOrDefaultAsync(ct)
            ?? throw new NotFoundException("Litige introuvable.");

    /// <summary>Both parties learn the decision by e-mail, queued in the decision's transaction.</summary>
    private async Task NotifyAsync(AppDbContext db, Dispute dispute, decimal? balance, CancellationToken ct)
    {
        var parties = await db.Users.Where(u => u.Id == dispute.BrokerId || u.Id == dispute.ProviderId)
            .Select(u => new { u.Id, u.Email, u.CompanyName }).ToListAsync(ct);
        var lead = await db.Leads.Where(l => l.Id == dispute.LeadId).Select(l => new { l.Product.Label, l.City }).SingleAsync(ct);
        var reason = await db.DisputeReasons.Where(r => r.Code == dispute.ReasonCode).Select(r => r.Label).SingleAsync(ct);
        var facts = new DisputeFacts(lead.Label, lead.City, reason, dispute.Price, dispute.Status, dispute.DecisionNote, dispute.Fee);
        if (parties.SingleOrDefault(p => p.Id == dispute.BrokerId) is { Email: not null } broker)
            outbox.Enqueue(db, broker.Email, emails.DisputeDecidedForBroker(broker.CompanyName, facts, balance));
        if (parties.SingleOrDefault(p => p.Id == dispute.ProviderId) is { Email: not null } provider)
            outbox.Enqueue(db, provider.Email, emails.DisputeDecidedForProvider(provider.CompanyName, facts));
    }
}
