using LeadsAssurance.Domain.Providers;

namespace LeadsAssurance.Tests.Domain;

public class ProviderScoreTests
{
    private static readonly long Day = 24 * 60;

    /// <summary>A provider who sent <paramref name="sent"/> leads, all accepted and all sold once, consents a day old.</summary>
    private static ProviderCounters Clean(int sent) => new(sent, sent, 0, sent, 0, sent * Day);

    [Fact]
    public void AProviderWithoutHistoryScoresTheNeutralThreeAndAHalf()
    {
        var score = ProviderScore.Compute(ProviderCounters.None);

        score.Stars.Should().Be(3.5m);
        score.Sales.Should().Be(0);
        ProviderScore.Neutral.Should().Be(score);
    }

    [Fact]
    public void ThreePerfectLeadsDoNotMakeAFiveStarProvider()
    {
        var score = ProviderScore.Compute(new ProviderCounters(3, 3, 0, 3, 0, 0));

        score.Stars.Should().Be(3.8m);
    }

    [Fact]
    public void AThousandCleanSalesComeCloseToFive()
    {
        var score = ProviderScore.Compute(Clean(1000));

        score.Stars.Should().Be(5.0m);
        score.Sales.Should().Be(1000);
    }

    [Fact]
    public void AcceptedReturnsWeighMoreThanAnyOtherComponent()
    {
        var clean = ProviderScore.Compute(Clean(100));
        var returned = ProviderScore.Compute(Clean(100) with { Returns = 40 });
        var duplicated = ProviderScore.Compute(Clean(100) with { Submitted = 140, Duplicates = 40 });

        returned.Stars.Should().BeLessThan(duplicated.Stars);
        duplicated.Stars.Should().BeLessThan(clean.Stars);
        returned.Kept.Should().BeApproximately(67m / 110m, 0.0001m);
        (clean.Stars - returned.Stars).Should().BeGreaterThan(0.6m);
    }

    [Fact]
    public void RefusedLeadsLowerTheAcceptanceComponent()
    {
        var score = ProviderScore.Compute(Clean(80) with { Submitted = 100, Accepted = 80 });

        score.Acceptance.Should().Be((80m + 14m) / 120m);
        score.Stars.Should().BeLessThan(ProviderScore.Compute(Clean(80)).Stars);
    }

    [Fact]
    public void ConsentsSoldNearTheirThirtyDaysAreNotFresh()
    {
        var fresh = ProviderScore.Compute(new ProviderCounters(100, 100, 0, 100, 0, 0));
        var stale = ProviderScore.Compute(new ProviderCounters(100, 100, 0, 100, 0, 100 * 30 * Day));
        var beyond = ProviderScore.Compute(new ProviderCounters(100, 100, 0, 100, 0, 100 * 45 * Day));

        fresh.Freshness.Should().Be(107m / 110m);
        stale.Freshness.Should().Be(7m / 110m);
        beyond.Should().Be(stale, "an age is counted up to the 30 days a consent can be sold, no further");
        (fresh.Stars - stale.Stars).Should().BeApproximately(0.7m, 0.1m);
    }

    [Fact]
    public void MoreReturnsThanSalesInASpanCountAsEverySaleReturned()
    {
        var score = ProviderScore.Compute(new ProviderCounters(0, 0, 0, 2, 5, 0));

        score.Kept.Should().Be(7m / 12m);
        score.Stars.Should().BeInRange(0m, 5m);
    }

    [Fact]
    public void TheRawRatesAreThoseAProviderReadsOnHisDashboard()
    {
        var counters = new ProviderCounters(200, 150, 30, 100, 5, 100 * 2 * Day);

        counters.AcceptanceRate.Should().Be(0.75m);
        counters.DuplicateRate.Should().Be(0.15m);
        counters.ReturnRate.Should().Be(0.05m);
        counters.MeanConsentAgeAtSale.Should().Be(TimeSpan.FromDays(2));
        ProviderCounters.None.AcceptanceRate.Should().BeNull();
        ProviderCounters.None.MeanConsentAgeAtSale.Should().BeNull();
    }
}
