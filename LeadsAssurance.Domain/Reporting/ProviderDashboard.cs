using System.Data;
using LeadsAssurance.Domain.Data;
using LeadsAssurance.Domain.Earnings;
using Microsoft.EntityFrameworkCore;

namespace LeadsAssurance.Domain.Reporting;

/// <summary>
/// Read-only queries behind a provider's dashboard, each restricted to his own counters (<c>ingestion_stats</c>,
/// <c>ingestion_refusals</c>, <c>provider_stats</c>) and earnings ledger: nothing scans the leads.
/// </summary>
public sealed class ProviderDashboard(IDbContextFactory<AppDbContext> dbFactory, EarningsQueries earnings, TimeProvider time)
{
    /// <summary>The charts' window: the last 30 Paris calendar days, today included.</summary>
    public const int Days = 30;

    /// <summary>How many refusal reasons the dashboard lists, most frequent first.</summary>
    public const int TopRefusals = 5;

    public async Task<ProviderDashboardSnapshot> GetAsync(Guid providerId, CancellationToken ct = default)
    {
        var today = France.DateOf(time.GetUtcNow());
        var first = today.AddDays(1 - Days);
        var since = France.DayStart(first);

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // One snapshot for the counters: a batch committed meanwhile is in all of them or in none.
        await using var tx = await db.Database.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct);
        var days = await db.Database.SqlQuery<DayRow>($"""
            select coalesce(i.day, s.day, e.day) as "Day", coalesce(i.submitted, 0) as "Sent", coalesce(i.accepted, 0) as "Accepted",
                   coalesce(i.invalid, 0) as "Invalid", coalesce(i.duplicates, 0) as "Duplicates",
                   coalesce(s.sales, 0) as "Sold", coalesce(s.returns, 0) as "Returned", coalesce(e.earned, 0) as "Earned"
              from (select day, submitted, accepted, invalid, duplicates from ingestion_stats where provider_id = {providerId}) i
              full join (select day, sales, returns from provider_stats where provider_id = {providerId}) s on s.day = i.day
              full join (select (created_at at time zone 'Europe/Paris')::date as day, sum(amount) as earned from provider_earnings
                          where provider_id = {providerId} and kind <> 'Payout' and created_at >= {since} group by 1) e
                on e.day = coalesce(i.day, s.day)
            """).ToListAsync(ct);
        var products = await db.Database.SqlQuery<ProductEarnings>($"""
            select e.product_code as "Code", p.label as "Label", count(*) filter (where e.kind = 'Sale')::int as "Sold",
                   count(*) filter (where e.kind = 'Return')::int as "Returned", sum(e.amount) as "Earned"
              from provider_earnings e join products p on p.code = e.product_code
             where e.provider_id = {providerId} and e.kind <> 'Payout' and e.created_at >= {since}
             group by e.product_code, p.label
            """).ToListAsync(ct);
        var refusals = await db.IngestionRefusals.Where(r => r.ProviderId == providerId).GroupBy(r => r.Reason)
            .Select(g => new { Reason = g.Key, Count = g.Sum(r => r.Count) }).ToListAsync(ct);
        await tx.CommitAsync(ct);
        var position = await earnings.PositionAsync(providerId, ct);

        var totals = new ProviderActivity(days.Sum(d => d.Sent), days.Sum(d => d.Accepted), days.Sum(d => d.Invalid + d.Duplicates),
            days.Sum(d => d.Sold), days.Sum(d => d.Returned));
        var byDay = days.ToDictionary(d => d.Day);
        return new ProviderDashboardSnapshot(today, totals, [.. refusals.OrderByDescending(r => r.Count).ThenBy(r => r.Reason, StringComparer.Ordinal).Take(TopRefusals)
                .Select(r => new RefusalCount(Ingestion.RefusalReason.Label(r.Reason), r.Count))], position,
            [.. Enumerable.Range(0, Days).Select(first.AddDays).Select(d => byDay.TryGetValue(d, out var r)
                ? new ProviderDay(d, r.Sent, r.Accepted, r.Sold, r.Returned, r.Earned) : new ProviderDay(d, 0, 0, 0, 0, 0m))],
            [.. products.OrderByDescending(p => p.Earned).ThenBy(p => p.Label, StringComparer.Create(France.Culture, false))]);
    }

    private sealed record DayRow(DateOnly Day, int Sent, int Accepted, int Invalid, int Duplicates, int Sold, int Returned, decimal Earned);
}
