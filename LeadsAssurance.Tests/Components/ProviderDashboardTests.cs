using Bunit;
using LeadsAssurance.Domain;
using LeadsAssurance.Domain.Providers;
using LeadsAssurance.Tests.Infrastructure;
using LeadsAssurance.Web.Components.Pages.Provider;

namespace LeadsAssurance.Tests.Components;

/// <summary>The provider's dashboard (/provider): his quality score, what it is made of, and where it is going.</summary>
public class ProviderDashboardTests(MarketFactory app) : IClassFixture<MarketFactory>
{
    [Fact]
    public async Task TheProviderSeesHisScoreItsComponentsAndTheirTrendInFrench()
    {
        var (providerId, _) = await app.CreateAccountAsync("Provider", approve: true);
        var today = France.DateOf(app.Clock.GetUtcNow());
        var recent = new ProviderCounters(100, 90, 5, 50, 2, 50 * 1440);
        var previous = new ProviderCounters(100, 70, 20, 50, 10, 50 * 1440 * 5);
        await ProviderHistory.AddAsync(app, providerId, recent, today.AddDays(-2));
        await ProviderHistory.AddAsync(app, providerId, previous, today.AddDays(-40));
        await using var ctx = AppPages.SignedIn(app, providerId, "Provider");
        ctx.RenderProviders();

        var page = ctx.Render<Dashboard>();

        page.WaitForAssertion(() => page.FindAll("[data-testid=provider-score]").Should().ContainSingle());
        var overall = ProviderScore.Compute(recent.Plus(previous)).Stars;
        page.Find("[data-testid=provider-score]").TextContent.Should().Contain($"★ {overall.ToString("0.0", France.Culture)}").And.Contain("100 ventes");
        page.Find("[data-testid=provider-score-trend]").TextContent.Should()
            .Contain($"★ {ProviderScore.Compute(recent).Stars.ToString("0.0", France.Culture)}").And.Contain("en progrès");
        var rows = page.FindAll("[data-testid=score-components] tbody tr").Select(r => r.TextContent).ToList();
        rows.Should().HaveCount(4);
        rows[0].Should().Contain("Taux d'acceptation").And.Contain(0.9m.ToString("P0", France.Culture)).And.Contain(0.7m.ToString("P0", France.Culture));
        rows[1].Should().Contain("Retours acceptés").And.Contain(0.04m.ToString("P0", France.Culture)).And.Contain(0.2m.ToString("P0", France.Culture));
        rows[3].Should().Contain("1,0 j").And.Contain("5,0 j");
        rows.Should().OnlyContain(r => r.Contains("↗ en progrès"));
    }

    [Fact]
    public async Task ANewProviderStartsAtThreeAndAHalfWithNothingToCompare()
    {
        var (providerId, _) = await app.CreateAccountAsync("Provider", approve: true);
        await using var ctx = AppPages.SignedIn(app, providerId, "Provider");
        ctx.RenderProviders();

        var page = ctx.Render<Dashboard>();

        page.WaitForAssertion(() => page.FindAll("[data-testid=provider-score]").Should().ContainSingle());
        page.Find("[data-testid=provider-score]").TextContent.Should().Contain("★ 3,5").And.Contain("nouvel apporteur");
        page.FindAll("[data-testid=score-components] tbody tr").Should().OnlyContain(r => r.TextContent.Contains('—'));
    }
}
