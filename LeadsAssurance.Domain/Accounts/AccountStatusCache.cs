using LeadsAssurance.Domain.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace LeadsAssurance.Domain.Accounts;

/// <summary>
/// The current status of accounts, read on every authorization decision. Cached a few seconds so a page full of
/// checks costs one query; a change made on this node is seen at once, one made on another node within the TTL.
/// </summary>
public sealed class AccountStatusCache(IDbContextFactory<AppDbContext> dbFactory, IMemoryCache cache)
{
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(5);

    public async Task<AccountStatus?> GetAsync(Guid accountId, CancellationToken ct = default)
    {
        if (cache.TryGetValue(Key(accountId), out AccountStatus? status))
            return status;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        status = await db.Users.Where(u => u.Id == accountId).Select(u => (AccountStatus?)u.Status).SingleOrDefaultAsync(ct);
        cache.Set(Key(accountId), status, Ttl);
        return status;
    }

    public void Invalidate(Guid accountId) => cache.Remove(Key(accountId));

    private static string Key(Guid id) => $"account-status:{id}";
}
