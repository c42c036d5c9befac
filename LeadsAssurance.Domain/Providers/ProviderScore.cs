namespace LeadsAssurance.Domain.Providers;

/// <summary>
/// A provider's quality score, 0 to 5 stars with one decimal, and the four components it weighs (each 0 to 1, prior
/// included). README, "Provider quality score", documents the formula.
/// </summary>
public sealed record ProviderScore(decimal Stars, int Sales, decimal Acceptance, decimal Kept, decimal Uniqueness, decimal Freshness)
{
    /// <summary>Every component's prior: a provider without history scores 5 × 0,7 = 3,5 ★.</summary>
    public const decimal Prior = 0.7m;
    /// <summary>How many leads sent the ingestion components' prior weighs as.</summary>
    public const int LeadsPrior = 20;
    /// <summary>How many sales the sale components' prior weighs as.</summary>
    public const int SalesPrior = 10;

    public const decimal AcceptanceWeight = 0.30m;
    public const decimal KeptWeight = 0.40m;
    public const decimal UniquenessWeight = 0.15m;
    public const decimal FreshnessWeight = 0.15m;

    /// <summary>A consent this old at sale counts as not fresh at all: the age beyond which it cannot be sold (R112-7).</summary>
    public static readonly TimeSpan FreshnessHorizon = TimeSpan.FromDays(30);

    /// <summary>A provider with no lead and no sale yet: 3,5 ★.</summary>
    public static readonly ProviderScore Neutral = Compute(ProviderCounters.None);

    /// <summary>
    /// Each component is a Bayesian mean: the provider's own good outcomes plus <see cref="Prior"/> times a prior weight
    /// (<see cref="LeadsPrior"/> leads or <see cref="SalesPrior"/> sales), over the observations plus that weight. A new
    /// provider starts at the prior, and a handful of perfect leads moves him only part of the way to 5.
    /// </summary>
    public static ProviderScore Compute(ProviderCounters c)
    {
        var submitted = Math.Max(0, c.Submitted);
        var sales = Math.Max(0, c.Sales);
        var acceptance = Smooth(Math.Clamp(c.Accepted, 0, submitted), submitted, LeadsPrior);
        var uniqueness = Smooth(submitted - Math.Clamp(c.Duplicates, 0, submitted), submitted, LeadsPrior);
        // A return accepted in a span may belong to a sale made before it: never more returns than sales.
        var kept = Smooth(sales - Math.Clamp(c.Returns, 0, sales), sales, SalesPrior);
        // Each sale is worth 1 with a consent captured at that instant, 0 with one at the horizon.
        var ageDays = Math.Clamp((decimal)c.ConsentAgeMinutes / 1440m, 0m, sales * (decimal)FreshnessHorizon.TotalDays);
        var freshness = Smooth(sales - ageDays / (decimal)FreshnessHorizon.TotalDays, sales, SalesPrior);
        var stars = 5m * (AcceptanceWeight * acceptance + KeptWeight * kept + UniquenessWeight * uniqueness + FreshnessWeight * freshness);
        return new ProviderScore(Math.Round(stars, 1, MidpointRounding.AwayFromZero), sales, acceptance, kept, uniqueness, freshness);
    }

    private static decimal Smooth(decimal good, int observed, int priorWeight) => (good + Prior * priorWeight) / (observed + priorWeight);
}
