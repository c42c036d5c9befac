namespace LeadsAssurance.Domain.Providers;

/// <summary>
/// A provider's sale-side counters for one Europe/Paris day (<c>provider_stats</c>), moved by the transaction that
/// sells a place (market payment, flow purchase) or accepts a return; <c>ingestion_stats</c> holds the ingestion side.
/// </summary>
public class ProviderStat
{
    public Guid ProviderId { get; private set; }
    public DateOnly Day { get; private set; }
    /// <summary>Places sold (a shared lead counts once per buyer).</summary>
    public int Sales { get; private set; }
    /// <summary>Places given back by an accepted dispute, counted on the day of the decision.</summary>
    public int Returns { get; private set; }
    /// <summary>The sum over the day's sales of the consent's age at sale, in minutes (each capped at 30 days).</summary>
    public long ConsentAgeMinutes { get; private set; }
}
