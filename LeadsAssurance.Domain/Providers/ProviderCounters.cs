namespace LeadsAssurance.Domain.Providers;

/// <summary>
/// What a provider's quality score is computed from, over any span of Paris days: leads sent, accepted and refused as
/// duplicates at ingestion (<c>ingestion_stats</c>); places sold, returned after an accepted dispute, and the consents'
/// total age at sale (<c>provider_stats</c>).
/// </summary>
public sealed record ProviderCounters(int Submitted, int Accepted, int Duplicates, int Sales, int Returns, long ConsentAgeMinutes)
{
    public static readonly ProviderCounters None = new(0, 0, 0, 0, 0, 0);

    public ProviderCounters Plus(ProviderCounters o) => new(Submitted + o.Submitted, Accepted + o.Accepted, Duplicates + o.Duplicates,
        Sales + o.Sales, Returns + o.Returns, ConsentAgeMinutes + o.ConsentAgeMinutes);

    /// <summary>Accepted / sent; null before the first lead.</summary>
    public decimal? AcceptanceRate => Submitted == 0 ? null : (decimal)Accepted / Submitted;

    /// <summary>Duplicates refused / sent; null before the first lead.</summary>
    public decimal? DuplicateRate => Submitted == 0 ? null : (decimal)Duplicates / Submitted;

    /// <summary>Places returned / places sold; null before the first sale.</summary>
    public decimal? ReturnRate => Sales == 0 ? null : Math.Min(1m, (decimal)Returns / Sales);

    /// <summary>The consent's mean age when its lead was sold; null before the first sale.</summary>
    public TimeSpan? MeanConsentAgeAtSale => Sales == 0 ? null : TimeSpan.FromMinutes((double)ConsentAgeMinutes / Sales);
}
