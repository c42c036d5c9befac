using LeadsAssurance.Domain.Data;
using LeadsAssurance.Domain.Market;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace LeadsAssurance.Domain.Accounts;

/// <summary>
/// The current status of accounts, read on every authorization decision. Cached a few seconds so a page full of
/// checks costs one query. A change is announced through the cross-node bus (<see cref="Changed"/>), so every node
/// drops its cached status and the account's cached API keys (<see cref="ApiKeyCache"/>) at once: a suspension on
/// one node refuses the next request on any other.
/// </summary>
public sealed class AccountStatusCache : IDisposable
{
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(5);
    private readonly IDbContextFactory<AppDbContext> _dbFactory;
    private readonly IMemoryCache _cache;
    private readonly MarketEventBus _bus;
    private readonly TimeProvider _time;
    private readonly ApiKeyCache _apiKeys;
    private readonly IDisposable _subscription;

    public AccountStatusCache(IDbContextFactory<AppDbContext> dbFactory, IMemoryCache cache, ApiKeyCache apiKeys, MarketEventBus bus,
        MarketNotifier notifier, TimeProvider time)
    {
        _dbFactory = dbFactory;
        _apiKeys = apiKeys;
        _cache = cache;
        _bus = bus;
        _time = time;
        _subscription = notifier.Subscribe(e =>
        {
            if (e is AccountStatusChanged changed)
            {
                _cache.Remove(Key(changed.AccountId));
                _apiKeys.Forget(changed.AccountId);
                StatusChanged?.Invoke(changed);
            }
            return Task.CompletedTask;
        });
    }

    /// <summary>An account's status changed, on this node or another (the hub drops a suspended account's connections).</summary>
    public event Action<AccountStatusChanged>? StatusChanged;

    public async Task<AccountStatus?> GetAsync(Guid accountId, CancellationToken ct = default)
    {
        if (_cache.TryGetValue(Key(accountId), out AccountStatus? status))
            return status;
        await using var db = await _dbFactory.CreateDbContextAsync(ct);
        status = await db.Users.Where(u => u.Id == accountId).Select(u => (AccountStatus?)u.Status).SingleOrDefaultAsync(ct);
        _cache.Set(Key(accountId), status, Ttl);
        return status;
    }

    /// <summary>Call after the change committed: every node forgets what it cached about the account.</summary>
    public void Changed(Guid accountId, AccountStatus status)
    {
        _cache.Remove(Key(accountId));
        _apiKeys.Forget(accountId);
        _bus.Publish(new AccountStatusChanged(accountId, status, _time.GetUtcNow()));
    }

    public void Dispose() => _subscription.Dispose();

    private static string Key(Guid id) => $"account-status:{id}";
}
