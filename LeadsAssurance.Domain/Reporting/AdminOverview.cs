using LeadsAssurance.Domain.Accounts;
using LeadsAssurance.Domain.Data;
using LeadsAssurance.Domain.Leads;
using Microsoft.EntityFrameworkCore;

namespace LeadsAssurance.Domain.Reporting;

/// <summary>The admin dashboard's figures at one moment.</summary>
public sealed record AdminOverviewSnapshot(
    int PendingAccounts, int ActiveBrokers, int ActiveProviders, int LeadsOnSale, decimal StockValue,
    int ConsentRecords, IReadOnlyList<ProductStock> StockByProduct, IReadOnlyList<AuditLine> RecentActivity,
    decimal RevenueToday, int SalesToday, int ActiveHolds, IReadOnlyList<ProductStock> SalesTodayByProduct, SalesByChannel SalesTodayByChannel);

public sealed record ProductStock(string Code, string Label, string Category, int Leads);

public sealed record AuditLine(DateTimeOffset At, string Action, string Subject, string? Details);

/// <summary>Read-only queries behind the admin dashboard.</summary>
public sealed class AdminOverview(IDbContextFactory<AppDbContext> dbFactory, TimeProvider time)
{
    public async Task<AdminOverviewSnapshot> GetAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = time.GetUtcNow();
        var startOfDay = France.DayStart(France.DateOf(now));
        var salesToday = await db.Purchases.Where(p => p.PurchasedAt >= startOfDay)
            .GroupBy(p => p.Lead.ProductCode).Select(g => new { Code = g.Key, Count = g.Count(), Revenue = g.Sum(p => p.Price) }).ToListAsync(ct);
        var byChannel = await SalesByChannel.OfAsync(db.Purchases.Where(p => p.PurchasedAt >= startOfDay), ct);
        var activeHolds = await db.Reservations.CountAsync(r => r.Status == Market.ReservationStatus.Active && r.ExpiresAt > now, ct);
        var accounts = await db.Users.GroupBy(u => new { u.Role, u.Status })
            .Select(g => new { g.Key.Role, g.Key.Status, Count = g.Count() }).ToListAsync(ct);
        var stock = await db.Leads.Where(l => l.Status == LeadStatus.Stock)
            .GroupBy(l => l.ProductCode)
            .Select(g => new { Code = g.Key, Count = g.Count(), Value = g.Sum(l => l.Price) }).ToListAsync(ct);
        var products = await db.Products.OrderBy(p => p.SortOrder).Select(p => new { p.Code, p.Label, p.Category }).ToListAsync(ct);
        var recent = await db.AuditLog.OrderByDescending(a => a.Id).Take(8)
            .Select(a => new AuditLine(a.At, a.Action, a.Subject, a.Details)).ToListAsync(ct);

        int Count(AccountRole? role, AccountStatus status) =>
            accounts.Where(a => (role == null || a.Role == role) && a.Status == status).Sum(a => a.Count);

        return new AdminOverviewSnapshot(
            Count(null, AccountStatus.Pending),
            Count(AccountRole.Broker, AccountStatus.Active),
            Count(AccountRole.Provider, AccountStatus.Active),
            stock.Sum(s => s.Count),
            stock.Sum(s => s.Value),
            await db.ConsentRecords.CountAsync(ct),
            [.. products.Select(p => new ProductStock(p.Code, p.Label, p.Category, stock.FirstOrDefault(s => s.Code == p.Code)?.Count ?? 0))],
            recent,
            salesToday.Sum(s => s.Revenue), salesToday.Sum(s => s.Count), activeHolds,
            [.. products.Select(p => new ProductStock(p.Code, p.Label, p.Category, salesToday.FirstOrDefault(s => s.Code == p.Code)?.Count ?? 0))],
            byChannel);
    }
}
