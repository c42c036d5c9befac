using LeadsAssurance.Domain.Market;
using Microsoft.EntityFrameworkCore;

namespace LeadsAssurance.Domain.Reporting;

/// <summary>
/// Sales split by how they were made: bought by a broker's flow at ingestion (<c>purchases.flow_id</c> set), or in the
/// market room. Counted in sales, as the dashboards count them: a shared lead sold to three brokers is three sales.
/// </summary>
public sealed record SalesByChannel(int FlowSales, decimal FlowAmount, int MarketSales, decimal MarketAmount)
{
    public static readonly SalesByChannel None = new(0, 0m, 0, 0m);

    public int Sales => FlowSales + MarketSales;
    public decimal Amount => FlowAmount + MarketAmount;

    /// <summary>The flows' share of the sales, 0 to 1; null when nothing was sold.</summary>
    public decimal? FlowShare => Sales == 0 ? null : (decimal)FlowSales / Sales;

    /// <summary>One grouped query over <paramref name="purchases"/>.</summary>
    internal static async Task<SalesByChannel> OfAsync(IQueryable<Purchase> purchases, CancellationToken ct)
    {
        var groups = await purchases.GroupBy(p => p.FlowId != null)
            .Select(g => new { ByFlow = g.Key, Count = g.Count(), Amount = g.Sum(p => p.Price) }).ToListAsync(ct);
        var flows = groups.SingleOrDefault(g => g.ByFlow);
        var market = groups.SingleOrDefault(g => !g.ByFlow);
        return new SalesByChannel(flows?.Count ?? 0, flows?.Amount ?? 0m, market?.Count ?? 0, market?.Amount ?? 0m);
    }
}
