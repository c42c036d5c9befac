using LeadsAssurance.Domain.Audit;
using LeadsAssurance.Domain.Data;
using Microsoft.EntityFrameworkCore;

namespace LeadsAssurance.Domain.Accounts;

/// <summary>An API key as listed to its owner: never the key itself.</summary>
public sealed record ApiKeySummary(Guid Id, string Name, string DisplayPrefix, DateTimeOffset CreatedAt,
    DateTimeOffset? LastUsedAt, DateTimeOffset? RevokedAt);

/// <summary>Who an API key acts for.</summary>
public sealed record ApiKeyOwner(Guid AccountId, Guid KeyId, string Email, AccountRole Role, AccountStatus Status);

/// <summary>Creates, revokes and checks API keys. Keys are stored as SHA-256 hashes only.</summary>
public sealed class ApiKeyService(
    IDbContextFactory<AppDbContext> dbFactory, ApiKeyCache cache, UnknownApiKeys unknownKeys, AccountStatusCache statuses, TimeProvider time)
{
    private static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

    /// <summary>Creates a key and returns it in clear: the only time anyone sees it.</summary>
    public async Task<(ApiKeySummary Summary, string PlainKey)> CreateAsync(
        Guid accountId, string name, Guid actorId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await db.Users.AnyAsync(u => u.Id == accountId, ct))
            throw new NotFoundException("Compte introuvable.");
        var now = time.GetUtcNow();
        var (key, plain) = ApiKey.Create(accountId, name, now);
        db.ApiKeys.Add(key);
        db.AuditLog.Add(new AuditEntry(actorId, "apikey.created", $"account:{accountId}", $"{key.Name} ({key.DisplayPrefix}…)", now));
        await db.SaveChangesAsync(ct);
        unknownKeys.Forget(key.KeyHash);
        return (ToSummary(key), plain);
    }

    public async Task<IReadOnlyList<ApiKeySummary>> ListAsync(Guid accountId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.ApiKeys.AsNoTracking().Where(k => k.AccountId == accountId)
            .OrderByDescending(k => k.CreatedAt)
            .Select(k => new ApiKeySummary(k.Id, k.Name, k.DisplayPrefix, k.CreatedAt, k.LastUsedAt, k.RevokedAt))
            .ToListAsync(ct);
    }

    /// <summary>Revokes one of the account's keys; an admin may pass any account's key.</summary>
    public async Task RevokeAsync(Guid keyId, Guid? ownerAccountId, Guid actorId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var key = await db.ApiKeys.SingleOrDefaultAsync(k => k.Id == keyId && (ownerAccountId == null || k.AccountId == ownerAccountId), ct)
            ?? throw new NotFoundException("Clé d'API introuvable.");
        var now = time.GetUtcNow();
        key.Revoke(now);
        db.AuditLog.Add(new AuditEntry(actorId, "apikey.revoked", $"account:{key.AccountId}", $"{key.Name} ({key.DisplayPrefix}…)", now));
        await db.SaveChangesAsync(ct);
        // Every node forgets the account's cached keys (ApiKeyCache): the revoked key is refused on its next use.
        if (await statuses.GetAsync(key.AccountId, ct) is { } status)
            statuses.Changed(key.AccountId, status);
    }

    /// <summary>
    /// Null for an unknown or revoked key. The account's status is returned, not judged: the caller decides 401 or 403.
    /// A key found unknown is answered from <see cref="UnknownApiKeys"/> for a few seconds, without a query.
    /// </summary>
    public async Task<ApiKeyOwner?> AuthenticateAsync(string plainKey, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(plainKey) || plainKey.Length > 200)
            return null;
        var hash = ApiKey.Hash(plainKey.Trim());
        var now = time.GetUtcNow();
        if (cache.Find(hash) is { } cached)
        {
            if (cached.LastUsedAt is { } used && now - used <= LastUsedResolution)
                return cached.Owner;
            await using var touch = await dbFactory.CreateDbContextAsync(ct);
            await touch.ApiKeys.Where(k => k.Id == cached.Owner.KeyId).ExecuteUpdateAsync(s => s.SetProperty(k => k.LastUsedAt, now), ct);
            cache.Touch(hash, cached, now);
            return cached.Owner;
        }
        if (unknownKeys.Contains(hash))
            return null;
        var stamp = cache.Stamp;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var found = await db.ApiKeys.Where(k => k.KeyHash == hash && k.RevokedAt == null)
            .Select(k => new { k.Id, k.LastUsedAt, Owner = new ApiKeyOwner(k.AccountId, k.Id, k.Account.Email!, k.Account.Role, k.Account.Status) })
            .SingleOrDefaultAsync(ct);
        if (found is null)
        {
            unknownKeys.Remember(hash);
            return null;
        }
        var lastUsed = found.LastUsedAt;
        if (lastUsed is null || now - lastUsed > LastUsedResolution)
        {
            await db.ApiKeys.Where(k => k.Id == found.Id).ExecuteUpdateAsync(s => s.SetProperty(k => k.LastUsedAt, now), ct);
            lastUsed = now;
        }
        cache.Remember(hash, found.Owner, lastUsed, stamp);
        return found.Owner;
    }

    private static ApiKeySummary ToSummary(ApiKey k) => new(k.Id, k.Name, k.DisplayPrefix, k.CreatedAt, k.LastUsedAt, k.RevokedAt);
}
