namespace LeadsAssurance.Domain.Providers;

/// <summary>Which providers' leads pass a "score ≥" filter: all but <see cref="Providers"/> when <see cref="Exclude"/>, else only them.</summary>
public sealed record ProviderScoreFilter(bool Exclude, Guid[] Providers);
