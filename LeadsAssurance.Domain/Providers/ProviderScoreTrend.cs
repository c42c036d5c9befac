namespace LeadsAssurance.Domain.Providers;

/// <summary>A provider's score over all his history, and over the last 30 Paris days against the 30 before.</summary>
public sealed record ProviderScoreTrend(
    ProviderScore Overall, ProviderCounters Totals, ProviderScore Recent, ProviderCounters RecentCounters,
    ProviderScore Previous, ProviderCounters PreviousCounters);
