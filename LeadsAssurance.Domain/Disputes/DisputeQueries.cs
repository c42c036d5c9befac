using LeadsAssurance.Domain.Data;
using Microsoft.EntityFrameworkCore;

namespace LeadsAssurance.Domain.Disputes;

/// <summary>Reads disputes: a broker's own, or all of them for the admin's queue.</summary>
public sealed class DisputeQueries(IDbContextFactory<AppDbContext> dbFactory, TimeProvider time)
{
    /// <summary>The disputes of <paramref name="brokerId"/> (all brokers' when null), newest first.</summary>
    public async Task<IReadOnlyList<DisputeView>> ListAsync(Guid? brokerId, DisputeStatus? status = null, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var disputes = db.Disputes.AsNoTracking().Where(d => brokerId == null || d.BrokerId == brokerId);
        if (status is { } s)
            disputes = disputes.Where(d => d.Status == s);
        return await disputes.OrderByDescending(d => d.CreatedAt)
            .Select(d => new DisputeView(d.Id, d.LeadId, d.BrokerId, d.ProviderId, d.ReasonCode,
                db.DisputeReasons.Where(r => r.Code == d.ReasonCode).Select(r => r.Label).First(),
                d.Comment, d.Status, d.DecisionNote, d.Refund, d.CreatedAt, d.DecidedAt))
            .ToListAsync(ct);
    }

    /// <summary>
    /// The disputes of the provider's sold leads, newest first, with the lead as the provider knows it (never the broker's
    /// identity: the provider sees the return, not who bought).
    /// </summary>
    public async Task<IReadOnlyList<ProviderReturn>> ForProviderAsync(Guid providerId, int take = 200, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Disputes.AsNoTracking().Where(d => d.ProviderId == providerId).OrderByDescending(d => d.CreatedAt).Take(take)
            .Join(db.Leads, d => d.LeadId, l => l.Id, (d, l) => new ProviderReturn(
                d.Id, d.LeadId, l.Product.Label, l.City, l.Departement, l.CreatedAt, d.Price,
                db.DisputeReasons.Where(r => r.Code == d.ReasonCode).Select(r => r.Label).First(),
                d.Comment, d.Status, d.DecisionNote, d.AutoAccepted, d.CreatedAt, d.DecidedAt,
                db.CallAttempts.Count(a => a.LeadId == d.LeadId && a.BrokerId == d.BrokerId)))
            .ToListAsync(ct);
    }

    /// <summary>The broker's disputes by lead, for "Mes achats".</summary>
    public async Task<IReadOnlyDictionary<Guid, DisputeView>> ByLeadAsync(Guid brokerId, CancellationToken ct = default) =>
        (await ListAsync(brokerId, ct: ct)).ToDictionary(d => d.LeadId);

    /// <summary>The admin's queue: the ones needing attention first, then the open ones, oldest first; decided ones after, newest first.</summary>
    public async Task<IReadOnlyList<DisputeQueueItem>> QueueAsync(DisputeQueueFilter filter, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var disputes = db.Disputes.AsNoTracking();
        if (filter.Status is { } status)
            disputes = disputes.Where(d => d.Status == status);
        if (!string.IsNullOrEmpty(filter.Reason))
            disputes = disputes.Where(d => d.ReasonCode == filter.Reason);
        if (filter.NeedsAttentionOnly)
            disputes = disputes.Where(d => d.NeedsAttention && d.Status == DisputeStatus.Open);
        var rows = await disputes
            .OrderBy(d => d.Status == DisputeStatus.Open ? 0 : 1).ThenByDescending(d => d.Status == DisputeStatus.Open && d.NeedsAttention)
            .ThenBy(d => d.Status == DisputeStatus.Open ? d.CreatedAt : DateTimeOffset.MinValue).ThenByDescending(d => d.DecidedAt)
            .Take(filter.Limit)
            .Select(d => new
            {
                View = new DisputeView(d.Id, d.LeadId, d.BrokerId, d.ProviderId, d.ReasonCode,
                    db.DisputeReasons.Where(r => r.Code == d.ReasonCode).Select(r => r.Label).First(),
                    d.Comment, d.Status, d.DecisionNote, d.Refund, d.CreatedAt, d.DecidedAt),
                d.NeedsAttention, d.Price,
                Lead = db.Leads.Where(l => l.Id == d.LeadId).Select(l => new { l.Product.Label, l.Departement, l.City }).First(),
                PurchasedAt = db.Purchases.Where(p => p.Id == d.PurchaseId).Select(p => p.PurchasedAt).First(),
                ProofHash = db.ConsentRecords.Where(c => c.LeadId == d.LeadId).Select(c => c.ProofHash).FirstOrDefault(),
                Broker = db.Users.Where(u => u.Id == d.BrokerId).Select(u => u.CompanyName).First(),
                Provider = db.Users.Where(u => u.Id == d.ProviderId).Select(u => u.CompanyName).First(),
            })
            .ToListAsync(ct);
        var since = time.GetUtcNow() - DisputeService.RateWindow;
        var brokers = await BrokerRatesAsync(db, [.. rows.Select(r => r.View.BrokerId).Distinct()], since, ct);
        var providers = await ProviderRatesAsync(db, [.. rows.Select(r => r.View.ProviderId).Distinct()], since, ct);
        var calls = await Calling.CallEvidence.ForAsync(db, [.. rows.Select(r => (r.View.LeadId, r.View.BrokerId))], ct);
        return [.. rows.Select(r => new DisputeQueueItem(r.View, r.NeedsAttention, r.Price, r.Lead.Label, r.Lead.Departement, r.Lead.City,
            r.PurchasedAt, r.ProofHash, r.Broker, r.Provider, brokers[r.View.BrokerId], providers[r.View.ProviderId],
            calls.GetValueOrDefault((r.View.LeadId, r.View.BrokerId)) ?? Calling.CallEvidence.None))];
    }

    private static async Task<Dictionary<Guid, ReturnRate>> BrokerRatesAsync(AppDbContext db, List<Guid> ids, DateTimeOffset since, CancellationToken ct) =>
        Rates(ids,
            await db.Purchases.Where(p => ids.Contains(p.BrokerId) && p.PurchasedAt >= since)
                .GroupBy(p => p.BrokerId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct),
            await db.Disputes.Where(d => ids.Contains(d.BrokerId) && d.CreatedAt >= since).GroupBy(d => d.BrokerId)
                .Select(g => new DisputeCount(g.Key, g.Count(), g.Count(d => d.Status == DisputeStatus.Accepted))).ToListAsync(ct));

    private static async Task<Dictionary<Guid, ReturnRate>> ProviderRatesAsync(AppDbContext db, List<Guid> ids, DateTimeOffset since, CancellationToken ct) =>
        Rates(ids,
            await db.Purchases.Where(p => ids.Contains(p.Lead.ProviderId) && p.PurchasedAt >= since)
                .GroupBy(p => p.Lead.ProviderId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct),
            await db.Disputes.Where(d => ids.Contains(d.ProviderId) && d.CreatedAt >= since).GroupBy(d => d.ProviderId)
                .Select(g => new DisputeCount(g.Key, g.Count(), g.Count(d => d.Status == DisputeStatus.Accepted))).ToListAsync(ct));

    private sealed record DisputeCount(Guid AccountId, int Disputes, int Accepted);

    private static Dictionary<Guid, ReturnRate> Rates(List<Guid> ids, Dictionary<Guid, int> sales, List<DisputeCount> disputes)
    {
        var byAccount = disputes.ToDictionary(d => d.AccountId);
        return ids.ToDictionary(id => id, id => new ReturnRate(byAccount.GetValueOrDefault(id)?.Disputes ?? 0,
            byAccount.GetValueOrDefault(id)?.Accepted ?? 0, sales.GetValueOrDefault(id)));
    }
}
