using Microsoft.Extensions.Caching.Memory;

namespace LeadsAssurance.Domain.Accounts;

/// <summary>
/// Hashes of API keys the database just said it does not know, for a few seconds: a client (or an attacker) repeating
/// a wrong key costs no query. Bounded: past <see cref="Capacity"/> entries new ones are not remembered (and older
/// ones are compacted), so random keys cannot grow memory. Entries are per node; a key created on this node is
/// forgotten at once. Keys are 256-bit random values, so another node having cached a key before it existed would
/// take a guess, and at worst lasts <see cref="Lifetime"/>.
/// </summary>
public sealed class UnknownApiKeys : IDisposable
{
    public const int Capacity = 10_000;
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);

    private readonly MemoryCache _cache;

    public UnknownApiKeys() => _cache = new MemoryCache(new MemoryCacheOptions { SizeLimit = Capacity });

    public bool Contains(string keyHash) => _cache.TryGetValue(keyHash, out _);

    public void Remember(string keyHash) =>
        _cache.Set(keyHash, true, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = Lifetime });

    public void Forget(string keyHash) => _cache.Remove(keyHash);

    public void Dispose() => _cache.Dispose();
}
