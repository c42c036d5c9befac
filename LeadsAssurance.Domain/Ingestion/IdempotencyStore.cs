using LeadsAssurance.Domain.Data;
using Microsoft.EntityFrameworkCore;

namespace LeadsAssurance.Domain.Ingestion;

public enum IdempotencyState
{
    /// <summary>First time: process the request, then <see cref="IdempotencyStore.CompleteAsync"/>.</summary>
    Started,
    /// <summary>Same key, same body, answered before: send the stored response again.</summary>
    Replay,
    /// <summary>Same key, another body: 422.</summary>
    Mismatch,
    /// <summary>Same key, same body, still being processed by another request: 409.</summary>
    InProgress,
}

/// <summary>Idempotency-Key bookkeeping for the provider API. Keys are kept 24 hours.</summary>
public sealed class IdempotencyStore(IDbContextFactory<AppDbContext> dbFactory, TimeProvider time)
{
    public static readonly TimeSpan Retention = TimeSpan.FromHours(24);

    public async Task<(IdempotencyState State, IdempotencyRecord? Record)> BeginAsync(Guid accountId, string key, string requestHash, CancellationToken ct = default)
    {
        var now = time.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.Database.ExecuteSqlAsync($"delete from idempotency_keys where account_id = {accountId} and key = {key} and created_at < {now - Retention}", ct);
        var inserted = await db.Database.ExecuteSqlAsync($"""
            insert into idempotency_keys (account_id, key, request_hash, created_at) values ({accountId}, {key}, {requestHash}, {now})
            on conflict do nothing
            """, ct);
        if (inserted == 1)
            return (IdempotencyState.Started, null);
        var record = await db.IdempotencyKeys.AsNoTracking().SingleAsync(r => r.AccountId == accountId && r.Key == key, ct);
        if (record.RequestHash != requestHash)
            return (IdempotencyState.Mismatch, record);
        return record.StatusCode is null ? (IdempotencyState.InProgress, record) : (IdempotencyState.Replay, record);
    }

    public async Task CompleteAsync(Guid accountId, string key, int statusCode, string body, string contentType, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.Database.ExecuteSqlAsync($"""
            update idempotency_keys set status_code = {statusCode}, response_body = {body}, content_type = {contentType}
             where account_id = {accountId} and key = {key}
            """, ct);
    }

    /// <summary>The request failed unexpectedly: forget the key so the client can retry it.</summary>
    public async Task AbandonAsync(Guid accountId, string key)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        await db.Database.ExecuteSqlAsync($"delete from idempotency_keys where account_id = {accountId} and key = {key} and status_code is null");
    }
}
