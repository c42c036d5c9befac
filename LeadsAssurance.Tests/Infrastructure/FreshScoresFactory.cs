namespace LeadsAssurance.Tests.Infrastructure;

/// <summary>The market app whose nodes keep no provider score between two reads: a test sees each counter it moved at once.</summary>
public sealed class FreshScoresFactory : MarketFactory
{
    public FreshScoresFactory() => Settings = new() { ["Market:ProviderScoreRefresh"] = "00:00:00" };
}
