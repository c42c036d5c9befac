using System.Data;
using LeadsAssurance.Domain.Data;
using Microsoft.EntityFrameworkCore;

namespace LeadsAssurance.Domain.Reporting;

/// <summary>
/// Read-only queries behind a broker's dashboard, every one restricted to his own purchases and wallet. Spend is what
/// his purchases cost when made (by flow, with credits or by card); refunds after a dispute show in his wallet, not here.
/// </summary>
public sealed class BrokerDashboard(IDbContextFactory<AppDbContext> dbFactory, TimeProvider time)
{
    /// <summary>The charts' window: the last 30 Paris calendar days, today included.</summary>
    public const int Days = 30;

    public async Task<BrokerDashboardSnapshot> GetAsync(Guid brokerId, CancellationToken ct = default)
    {
        var today = France.DateOf(time.GetUtcNow());
        var first = today.AddDays(1 - Days);
        var since = France.DayStart(first);
        var month = new DateOnly(today.Year, today.Month, 1);
        var monthStart = France.DayStart(month);

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // One snapshot for the five reads: a purchase committed meanwhile is in all the figures or in none.
        await using var tx = await db.Database.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct);
        var wallet = await db.CreditLedger.Where(e => e.AccountId == brokerId).GroupBy(e => e.AccountId)
            .Select(g => new { Balance = g.Sum(e => e.Amount), LastEntry = g.Max(e => e.Id) }).SingleOrDefaultAsync(ct);
        var days = await db.Database.SqlQuery<DayRow>($"""
            select (purchased_at at time zone 'Europe/Paris')::date as "Day", count(*)::int as "Leads", sum(price) as "Amount"
              from purchases where broker_id = {brokerId} and purchased_at >= {since} group by 1
            """).ToDictionaryAsync(r => r.Day, ct);
        var purchases = db.Purchases.Where(p => p.BrokerId == brokerId);
        var products = await (
            from p in purchases.Where(p => p.PurchasedAt >= since)
            join l in db.Leads on p.LeadId equals l.Id
            join product in db.Products on l.ProductCode equals product.Code
            group p by new { product.Code, product.Label } into g
            select new ProductSpend(g.Key.Code, g.Key.Label, g.Count(), g.Sum(p => p.Price)))
            .ToListAsync(ct);
        var thisMonth = await SalesByChannel.OfAsync(purchases.Where(p => p.PurchasedAt >= monthStart), ct);
        await tx.CommitAsync(ct);

        return new BrokerDashboardSnapshot(
            wallet?.Balance ?? 0m, wallet?.LastEntry ?? 0, today,
            [.. Enumerable.Range(0, Days).Select(first.AddDays).Select(d => days.TryGetValue(d, out var r) ? new DailySpend(d, r.Leads, r.Amount) : new DailySpend(d, 0, 0m))],
            [.. products.OrderByDescending(p => p.Amount).ThenBy(p => p.Label, StringComparer.Create(France.Culture, false))],
            month, thisMonth);
    }

    private sealed record DayRow(DateOnly Day, int Leads, decimal Amount);
}
