using LeadsAssurance.Domain.Audit;
using LeadsAssurance.Domain.Data;
using LeadsAssurance.Domain.Email;
using LeadsAssurance.Domain.Market;
using Microsoft.EntityFrameworkCore;

namespace LeadsAssurance.Domain.Accounts;

/// <summary>An account as the admin list shows it.</summary>
public sealed record AccountSummary(
    Guid Id, string Email, AccountRole Role, AccountStatus Status, string CompanyName, string? Siren,
    string? OriasNumber, string? StatusReason, DateTimeOffset CreatedAt, DateTimeOffset? StatusChangedAt,
    IReadOnlyList<string>? TradeNames = null);

/// <summary>Admin decisions on accounts: approval and suspension, each audited and told to the account by e-mail.</summary>
public sealed class AccountAdministration(
    IDbContextFactory<AppDbContext> dbFactory, AccountStatusCache statusCache, MarketService market, EmailOutbox outbox, EmailTemplates emails,
    TimeProvider time)
{
    public async Task<IReadOnlyList<AccountSummary>> ListAsync(AccountStatus? status, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query = db.Users.AsNoTracking();
        if (status is not null)
            query = query.Where(u => u.Status == status);
        return await query
            .OrderByDescending(u => u.CreatedAt)
            .Select(u => new AccountSummary(u.Id, u.Email!, u.Role, u.Status, u.CompanyName, u.Siren,
                u.OriasNumber, u.StatusReason, u.CreatedAt, u.StatusChangedAt, u.TradeNames))
            .ToListAsync(ct);
    }

    public Task<AccountSummary> ApproveAsync(Guid accountId, Guid actorId, string? reason, CancellationToken ct = default) =>
        ChangeAsync(accountId, actorId, "account.approved", reason, (_, user, now) =>
        {
            user.Approve(now, reason);
            return Task.FromResult<IReadOnlyList<MarketEvent>>([]);
        }, user => emails.AccountApproved(user.CompanyName, user.Role), ct);

    /// <summary>
    /// Suspends at once; the new security stamp ends the account's open sessions at their next check. A broker's
    /// active holds are released in the same transaction: a suspended broker cannot pay them (not even by a card
    /// payment that arrives later, which stays as credits), and the leads are back on sale for the others.
    /// </summary>
    public Task<AccountSummary> SuspendAsync(Guid accountId, Guid actorId, string reason, CancellationToken ct = default) =>
        ChangeAsync(accountId, actorId, "account.suspended", reason, async (db, user, now) =>
        {
            if (user.Id == actorId)
                throw new DomainException("Vous ne pouvez pas suspendre votre propre compte.");
            user.Suspend(now, reason);
            user.SecurityStamp = Guid.NewGuid().ToString("N");
            return user.Role == AccountRole.Broker ? await market.ReleaseAllInTransactionAsync(db, user.Id, ct) : [];
        }, user => emails.AccountSuspended(user.CompanyName, user.StatusReason!), ct);

    private async Task<AccountSummary> ChangeAsync(Guid accountId, Guid actorId, string action, string? reason,
        Func<AppDbContext, ApplicationUser, DateTimeOffset, Task<IReadOnlyList<MarketEvent>>> change, Func<ApplicationUser, EmailContent> email,
        CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var user = await db.Users.SingleOrDefaultAsync(u => u.Id == accountId, ct)
            ?? throw new NotFoundException("Compte introuvable.");
        var now = time.GetUtcNow();
        var released = await change(db, user, now);
        user.ConcurrencyStamp = Guid.NewGuid().ToString();
        db.AuditLog.Add(new AuditEntry(actorId, action, $"account:{user.Id}", reason, now));
        outbox.Enqueue(db, user.Email!, email(user));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        statusCache.Changed(user.Id, user.Status);
        market.PublishAll(released);
        return new AccountSummary(user.Id, user.Email!, user.Role, user.Status, user.CompanyName, user.Siren,
            user.OriasNumber, user.StatusReason, user.CreatedAt, user.StatusChangedAt, user.TradeNames);
    }
}
