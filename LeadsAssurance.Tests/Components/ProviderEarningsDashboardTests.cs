using Bunit;
using LeadsAssurance.Domain;
using System.Net.Http.Json;
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
        var (providerId, _, key) = await world.ProviderAsync();
        var api = app.CreateApiClient(key);
        var now = app.Clock.GetUtcNow();
        var first = LeadRequests.Lead(now, phone: "06 11 22 33 44");
        (await api.PostAsJsonAsync("/api/v1/leads/bulk", new { leads = new[] {
            first, LeadRequests.Lead(now), LeadRequests.Lead(now, phone: "07 12 34 56 78"), LeadRequests.Lead(now, phone: "12"), LeadRequests.Lead(now, zip: "00000") } }))
            .EnsureSuccessStatusCode();
        (await api.PostAsJsonAsync("/api/v1/leads/bulk", new { leads = new[] { LeadRequests.Lead(now, phone: "06 11 22 33 44") } })).EnsureSuccessStatusCode();
        var (_, broker, _) = await world.Disputes.BrokerAsync();
        await world.BuyFromAsync(providerId, broker, 2);
        var net = (await world.LinesAsync(providerId)).Sum(l => l.Amount);
        await using var ctx = AppPages.SignedIn(app, providerId, "Provider");
        ctx.RenderProviders();

        var page = ctx.Render<Dashboard>();

        page.WaitForAssertion(() => page.FindAll("[data-testid=refusal-reasons]").Should().ContainSingle());
        Kpi(page, "Envoyés").Should().Contain("6");
        Kpi(page, "Acceptés").Should().Contain("2").And.Contain("33 %");
        Kpi(page, "Refusés").Should().Contain("4").And.Contain("Téléphone invalide");
        Kpi(page, "Vendus").Should().Contain("2");
        Kpi(page, "Gains disponibles").Should().Contain("0,00 €").And.Contain($"{net.ToString("C", France.Culture)} en attente");
        var reasons = page.FindAll("[data-testid=refusal-reasons] .la-bar-row").Select(r => r.TextContent).ToList();
        reasons.Should().HaveCount(3);
        reasons[0].Should().Contain("Téléphone invalide").And.Contain("2");
        page.Find("[data-testid=refusal-reasons]").TextContent.Should().Contain("Téléphone invalide").And.Contain("Doublon (même téléphone ou e-mail sous 30 jours)")
            .And.Contain("Code postal ou ville invalide");
        page.Find("[data-testid=earnings-total]").TextContent.Should().Contain(net.ToString("C", France.Culture));
        page.Find("[data-testid=earnings-by-product]").TextContent.Should().Contain("Crédit immobilier");
        page.FindAll("[data-testid=earnings-statement]").Select(a => a.GetAttribute("href"))
            .Should().Equal("/provider/statements/2026-11.pdf", "/provider/statements/2026-10.pdf");
    }
}
