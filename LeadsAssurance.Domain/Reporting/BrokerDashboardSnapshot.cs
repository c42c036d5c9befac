namespace LeadsAssurance.Domain.Reporting;

/// <summary>
/// A broker's dashboard at one moment, read in one snapshot of the database so that its figures agree: his balance
/// (with the ledger entry it includes, to order it against <c>BalanceChanged</c> announcements), his spend per Paris
/// day over <see cref="BrokerDashboard.Days"/> days (today last, zeros included) and per product over the same days, and
/// this Paris month's purchases by flow and on the market.
/// </summary>
public sealed record BrokerDashboardSnapshot(
    decimal Balance, long BalanceEntryId, DateOnly Today, IReadOnlyList<DailySpend> SpendByDay, IReadOnlyList<ProductSpend> SpendByProduct,
    DateOnly Month, SalesByChannel ThisMonth)
{
    public decimal SpendOverDays => SpendByDay.Sum(d => d.Amount);
    public int LeadsOverDays => SpendByDay.Sum(d => d.Leads);
}
