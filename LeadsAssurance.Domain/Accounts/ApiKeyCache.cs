using System.Collections.Concurrent;
using Microsoft.Extensions.Caching.Memory;

namespace LeadsAssurance.Domain.Accounts;

/// <summary>
/// Who each recently used API key acts for, so that a burst of calls costs no authentication query each. Entries live
/// <see cref="Ttl"/> at most, and every node drops an account's entries as soon as a change to it is announced
/// (<see cref="AccountStatusCache.Changed"/>, carried to the other nodes by the bus: approval, suspension, a key
/// revoked): a suspended or revoked key is refused on the next request on any node. Measured: the query was half of a
/// reserve call's database time over HTTP.
/// </summary>
public sealed class ApiKeyCache(IMemoryCache cache)
{
    public static readonly TimeSpan Ttl = TimeSpan.FromSeconds(30);

    // Bumped on every announced change of an account: an entry cached under an older generation is stale.
    private readonly ConcurrentDictionary<Guid, long> _generations = new();
    private long _changes;

    internal sealed record Entry(ApiKeyOwner Owner, long Generation, DateTimeOffset? LastUsedAt);

    internal Entry? Find(string keyHash) =>
        cache.TryGetValue(Key(keyHash), out Entry? entry) && entry is not null && entry.Generation == Generation(entry.Owner.AccountId)
            ? entry
            : null;

    /// <summary>Read before a database lookup and passed to <see cref="Remember"/>: a change announced meanwhile wins.</summary>
    internal long Stamp => Interlocked.Read(ref _changes);

    internal void Remember(string keyHash, ApiKeyOwner owner, DateTimeOffset? lastUsedAt, long stampBeforeLookup)
    {
        if (Stamp == stampBeforeLookup)
            cache.Set(Key(keyHash), new Entry(owner, Generation(owner.AccountId), lastUsedAt), Ttl);
    }

    internal void Touch(string keyHash, Entry entry, DateTimeOffset lastUsedAt) =>
        cache.Set(Key(keyHash), entry with { LastUsedAt = lastUsedAt }, Ttl);

    internal void Forget(Guid accountId)
    {
        _generations.AddOrUpdate(accountId, 1, (_, g) => g + 1);
        Interlocked.Increment(ref _changes);
    }

    private long Generation(Guid accountId) => _generations.GetValueOrDefault(accountId);

    private static string Key(string hash) => "api-key:" + hash;
}
