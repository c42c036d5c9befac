using LeadsAssurance.Domain.Earnings;

namespace LeadsAssurance.Domain.Reporting;

/// <summary>
/// A provider's dashboard: his leads since he started (sent, accepted, refused and why, sold, returned), his earnings
/// (available, held), and the last <see cref="ProviderDashboard.Days"/> Paris days per day and per product.
/// </summary>
public sealed record ProviderDashboardSnapshot(
    DateOnly Today, ProviderActivity Totals, IReadOnlyList<RefusalCount> TopRefusals, EarningsPosition Earnings,
    IReadOnlyList<ProviderDay> Days, IReadOnlyList<ProductEarnings> Products);

/// <summary>Leads sent, accepted and refused at ingestion; places sold and returned by an accepted dispute.</summary>
public sealed record ProviderActivity(int Sent, int Accepted, int Refused, int Sold, int Returned);

/// <summary>One reason leads were refused at ingestion, in French, and how many.</summary>
public sealed record RefusalCount(string Reason, int Count);

/// <summary>One Paris day: leads sent and accepted, places sold and returned, and the net earned (sales less returns).</summary>
public sealed record ProviderDay(DateOnly Day, int Sent, int Accepted, int Sold, int Returned, decimal Earned);

/// <summary>One product over the window: places sold and returned, and the net earned.</summary>
public sealed record ProductEarnings(string Code, string Label, int Sold, int Returned, decimal Earned);
