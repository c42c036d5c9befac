using Bunit;
using LeadsAssurance.Domain;
using LeadsAssurance.Domain.Providers;
using LeadsAssurance.Tests.Infrastructure;
using LeadsAssurance.Tests.Integration.Earnings;
using LeadsAssurance.Web.Components.Pages.Provider;

namespace LeadsAssurance.Tests.Components;

/// <summary>The provider's dashboard (/provider): his leads, why some were refused, his earnings and his statements.</summary>
public class ProviderEarningsDashboardTests(MarketFactory app) : IClassFixture<MarketFactory>
{
    private static string Kpi(IRenderedComponent<Dashboard> page, string label) =>
        page.FindAll(".la-kpi").Single(k => k.TextContent.Contains(label, StringComparison.Ordinal)).TextContent;

    [Fact]
    public async Task TheProviderSeesHisLeadsRefusalsSalesAndHeldEarnings()
    {
        var world = new EarningsWorld(app);
        var (providerId, _) = await world.ProviderAsync();
        var today = France.DateOf(app.Clock.GetUtcNow());
        await ProviderHistory.AddAsync(app, providerId, new ProviderCounters(40, 30, 7, 0, 0, 0), today.AddDays(-3));
        var (_, broker, _) = await world.Disputes.BrokerAsync();
        await world.BuyFromAsync(providerId, broker, 2);
        var net = (await world.LinesAsync(providerId)).Sum(l => l.Amount);
        await using var ctx = AppPages.SignedIn(app, providerId, "Provider");
        ctx.RenderProviders();

        var page = ctx.Render<Dashboard>();

        page.WaitForAssertion(() => page.FindAll("[data-testid=refusal-reasons]").Should().ContainSingle());
        Kpi(page, "Envoyés").Should().Contain("40");
        Kpi(page, "Acceptés").Should().Contain("30").And.Contain("75 %");
        Kpi(page, "Refusés").Should().Contain("10").And.Contain("Doublon");
        Kpi(page, "Vendus").Should().Contain("2");
        Kpi(page, "Gains disponibles").Should().Contain("0,00 €").And.Contain($"{net.ToString("C", France.Culture)} en attente");
        page.Find("[data-testid=refusal-reasons]").TextContent.Should().Contain("Doublon (même téléphone ou e-mail sous 30 jours)").And.Contain("Données invalides");
        page.Find("[data-testid=earnings-total]").TextContent.Should().Contain(net.ToString("C", France.Culture));
        page.Find("[data-testid=earnings-by-product]").TextContent.Should().Contain("Crédit immobilier");
        page.FindAll("[data-testid=earnings-statement]").Select(a => a.GetAttribute("href"))
            .Should().Equal("/provider/statements/2026-11.pdf", "/provider/statements/2026-10.pdf");
    }
}
