using LeadsAssurance.Domain.Audit;
using LeadsAssurance.Domain.Data;
using LeadsAssurance.Domain.Email;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LeadsAssurance.Domain.Ledger;

/// <summary>
/// Reads and moves brokers' prepaid credits. The ledger is append-only; the balance is its sum. Every committed
/// movement is announced (<see cref="Announce"/>) through the cross-node bus, so a broker's balance follows on every
/// screen of every node, whoever moved it (a purchase, a Stripe webhook, an admin's top-up). A debit that takes a
/// balance below <see cref="EmailOptions.LowBalanceThreshold"/> queues a warning e-mail in the same transaction.
/// </summary>
public sealed class LedgerService(
    IDbContextFactory<AppDbContext> dbFactory, Market.MarketEventBus events, EmailOutbox outbox, EmailTemplates emails,
    IOptions<EmailOptions> emailOptions, TimeProvider time)
{
    public async Task<decimal> GetBalanceAsync(Guid accountId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.CreditLedger.Where(e => e.AccountId == accountId).SumAsync(e => (decimal?)e.Amount, ct) ?? 0m;
    }

    /// <summary>An admin books a bank transfer. Idempotent on the reference: the same transfer is never booked twice.</summary>
    public async Task<decimal> TopUpAsync(Guid accountId, decimal amount, string reference, Guid actorId, CancellationToken ct = default)
    {
        if (amount <= 0 || amount > 1_000_000m || decimal.Round(amount, 2) != amount)
            throw new ValidationFailedException("amount", "Le montant doit être positif, au centime près (1 000 000 € au plus).");
        if (string.IsNullOrWhiteSpace(reference) || reference.Trim().Length > 200)
            throw new ValidationFailedException("reference", "La référence du virement est obligatoire (200 caractères au plus).");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var account = await db.Users.Where(u => u.Id == accountId).Select(u => new { u.Role }).SingleOrDefaultAsync(ct)
            ?? throw new NotFoundException("Compte introuvable.");
        if (account.Role != Accounts.AccountRole.Broker)
            throw new ValidationFailedException("accountId", "Seuls les courtiers ont un portefeuille de crédits.");
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var entry = await AppendAsync(db, accountId, LedgerEntryKind.TopUp, amount, reference.Trim(), actorId, ct);
        if (entry.Id != 0)
            return await BalanceLockedAsync(db, accountId, ct);
        db.AuditLog.Add(new AuditEntry(actorId, "credits.topup", $"account:{accountId}", $"{amount:0.00} € ({reference.Trim()})", time.GetUtcNow()));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        Announce(entry);
        return entry.BalanceAfter;
    }

    /// <summary>Call once the transaction that appended <paramref name="entry"/> committed.</summary>
    public void Announce(CreditLedgerEntry entry) =>
        events.Publish(new Market.BalanceChanged(entry.AccountId, entry.Id, entry.BalanceAfter, time.GetUtcNow()));

    /// <summary>
    /// Appends one entry inside the caller's transaction. Entries of one account are serialised by a transaction-scoped
    /// advisory lock, so the running balance is exact and a debit that would go below zero is refused.
    /// Returns the existing entry when the same (kind, reference) was already booked.
    /// </summary>
    internal async Task<CreditLedgerEntry> AppendAsync(AppDbContext db, Guid accountId, LedgerEntryKind kind, decimal amount,
        string reference, Guid? actorId, CancellationToken ct)
    {
        await LockAccountAsync(db, accountId, ct);
        var existing = await db.CreditLedger.SingleOrDefaultAsync(e => e.AccountId == accountId && e.Kind == kind && e.Reference == reference, ct);
        if (existing is not null)
            return existing;
        var balance = await BalanceLockedAsync(db, accountId, ct);
        if (balance + amount < 0)
            throw new Market.InsufficientCreditsException(balance, -amount);
        var entry = new CreditLedgerEntry(accountId, kind, amount, balance + amount, reference, actorId, time.GetUtcNow());
        db.CreditLedger.Add(entry);
        if (amount > 0)
            await ResumeFlowsAsync(db, accountId, entry.CreatedAt, ct);
        await WarnIfLowAsync(db, accountId, balance, entry.BalanceAfter, ct);
        return entry;
    }

    /// <summary>
    /// Once per crossing: only the debit that takes the balance from the threshold or above to below it warns, not the
    /// purchases after it, until a top-up lifts the balance again. The account lock orders the entries, so two
    /// purchases at once cannot both see themselves crossing.
    /// </summary>
    private async Task WarnIfLowAsync(AppDbContext db, Guid accountId, decimal before, decimal after, CancellationToken ct)
    {
        var threshold = emailOptions.Value.LowBalanceThreshold;
        if (before < threshold || after >= threshold)
            return;
        var account = await db.Users.Where(u => u.Id == accountId).Select(u => new { u.Email, u.CompanyName }).SingleAsync(ct);
        if (account.Email is not null)
            outbox.Enqueue(db, account.Email, emails.LowBalance(account.CompanyName, after, threshold));
    }

    /// <summary>
    /// Money came in: the broker's flows paused for lack of credits and set to resume by themselves buy again, in the
    /// transaction that credits him. The wallet lock is held here, then the flow rows are taken: the order the flow
    /// router takes them in too (Flows/FlowSql.LockAsync).
    /// </summary>
    private static Task ResumeFlowsAsync(AppDbContext db, Guid accountId, DateTimeOffset now, CancellationToken ct) =>
        db.Database.ExecuteSqlAsync($"""
            update flows set status = 'Active', pause_cause = null, pause_reason = null, paused_at = null, updated_at = {now}
             where broker_id = {accountId} and status = 'Paused' and pause_cause = 'InsufficientCredits' and auto_resume
            """, ct);

    /// <summary>
    /// Takes up to <paramref name="max"/> euros from the account inside the caller's transaction, never more than its
    /// balance (a wallet never goes below zero): a fee, a card refund. Null when the wallet is empty.
    /// </summary>
    internal async Task<CreditLedgerEntry?> DebitUpToAsync(AppDbContext db, Guid accountId, LedgerEntryKind kind, decimal max,
        string reference, Guid? actorId, CancellationToken ct)
    {
        await LockAccountAsync(db, accountId, ct);
        var take = Math.Min(max, await BalanceLockedAsync(db, accountId, ct));
        return take > 0 ? await AppendAsync(db, accountId, kind, -take, reference, actorId, ct) : null;
    }

    internal static Task LockAccountAsync(AppDbContext db, Guid accountId, CancellationToken ct) =>
        db.Database.ExecuteSqlAsync($"select pg_advisory_xact_lock(hashtextextended({accountId.ToString()}, 42))", ct);

    /// <summary>The last running balance (valid under the account lock).</summary>
    internal static async Task<decimal> BalanceLockedAsync(AppDbContext db, Guid accountId, CancellationToken ct) =>
        await db.CreditLedger.Where(e => e.AccountId == accountId).OrderByDescending(e => e.Id)
            .Select(e => (decimal?)e.BalanceAfter).FirstOrDefaultAsync(ct) ?? 0m;
}
