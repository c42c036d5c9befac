using Bunit;
using LeadsAssurance.Domain;
using LeadsAssurance.Tests.Infrastructure;
using LeadsAssurance.Web.Components.Shared;
using Microsoft.AspNetCore.Components;
using BrokerDashboardPage = LeadsAssurance.Web.Components.Pages.Broker.Dashboard;

namespace LeadsAssurance.Tests.Components;

/// <summary>The broker's dashboard on the running app, with his real purchases: what he reads, and how it follows his buying.</summary>
public class BrokerDashboardPageTests(MarketFactory app) : IClassFixture<MarketFactory>
{
    private static string Kpi<TPage>(IRenderedComponent<TPage> page, string label) where TPage : IComponent =>
        page.FindAll(".la-kpi").Single(k => k.TextContent.Contains(label, StringComparison.Ordinal)).QuerySelector(".la-kpi-value")!.TextContent.Trim();

    private static string Channel<TPage>(IRenderedComponent<TPage> page, string channel) where TPage : IComponent =>
        string.Join(" | ", page.Find($"[data-channel={channel}]").Children.Select(c => c.TextContent.Trim()));

    private static string Percent(decimal share) => share.ToString("P0", France.Culture);

    [Fact]
    public async Task TheDashboardShowsCreditsSpendAndTheStatementAndFollowsAFlowPurchaseWithoutReload()
    {
        await MarketBuys.PriceAsync(app, ("MUTUELLE_SANTE", 23.45m), ("ASSURANCE_AUTO", 17.35m));
        var world = new FlowWorld(app, app.Clock.GetUtcNow());
        var (me, client) = await world.BrokerAsync(500m);
        await FlowWorld.FlowAsync(client, "59");
        await MarketBuys.BuyAsync(app, me, 1, app.Clock.GetUtcNow());
        await using var ctx = AppPages.SignedIn(app, me, "Broker");

        var page = ctx.Render<BrokerDashboardPage>();

        page.WaitForAssertion(() => Kpi(page, "Solde de crédits").Should().Be(Fr.Euros(482.65m)));
        Kpi(page, "Dépenses · Novembre 2026").Should().Be(Fr.Euros(17.35m));
        Kpi(page, "Achats par mes flux").Should().Be("0");
        Kpi(page, "Achats sur le marché").Should().Be("1");
        page.Find("[data-testid=spend-total]").TextContent.Should().Contain($"30 derniers jours · {Fr.Euros(17.35m)} · 1 lead acheté");
        page.Find("[data-testid=spend-by-product]").TextContent.Should().Contain("Assurance auto").And.Contain(Fr.Euros(17.35m)).And.NotContain("Mutuelle santé");
        page.Find("[data-testid=spend-by-day] [role=img]").GetAttribute("aria-label").Should()
            .Be($"Dépenses par jour du 26/10/2026 au 24/11/2026 : total {Fr.Euros(17.35m)}, au plus haut {Fr.Euros(17.35m)} le 24/11.");
        page.Find("[data-testid=statement]").GetAttribute("href").Should().Be("/api/v1/credits/statements/2026-11.pdf");
        Channel(page, "market").Should().Be($"Sur le marché | 1 | {Fr.Euros(17.35m)} | {Percent(1m)}");

        await world.PostAsync(await world.ProviderAsync(), "59", 3);

        page.WaitForAssertion(() => Kpi(page, "Achats par mes flux").Should().Be("3"));
        page.WaitForAssertion(() => Kpi(page, "Solde de crédits").Should().Be(Fr.Euros(412.30m)));
        Kpi(page, "Dépenses · Novembre 2026").Should().Be(Fr.Euros(87.70m));
        Channel(page, "flows").Should().Be($"Par mes flux | 3 | {Fr.Euros(70.35m)} | {Percent(0.75m)}");
        Channel(page, "total").Should().Be($"Total | 4 | {Fr.Euros(87.70m)} | {Percent(1m)}");
        page.Find("[data-testid=spend-by-product]").TextContent.Should().Contain("Mutuelle santé").And.Contain(Fr.Euros(70.35m));
        page.Find("[data-testid=spend-total]").TextContent.Should().Contain($"{Fr.Euros(87.70m)} · 4 leads achetés");
    }

    [Fact]
    public async Task ABrokerWhoHasBoughtNothingIsToldWhereToStart()
    {
        var (me, _) = await app.CreateAccountAsync("Broker", approve: true);
        await using var ctx = AppPages.SignedIn(app, me, "Broker");

        var page = ctx.Render<BrokerDashboardPage>();

        page.WaitForAssertion(() => Kpi(page, "Solde de crédits").Should().Be(Fr.Euros(0m)));
        page.Find("[data-testid=spend-by-day]").TextContent.Should().Contain("Aucun achat sur les 30 derniers jours");
        page.Find("[data-testid=spend-by-day] a[href='/market']");
        page.Find("[data-testid=spend-by-product]").TextContent.Should().Contain("dès votre premier achat");
        Channel(page, "total").Should().Be($"Total | 0 | {Fr.Euros(0m)} | —");
    }
}
