using System.Net.Http.Json;
using System.Text.Json;
using Bunit;
using LeadsAssurance.Domain.Accounts;
using LeadsAssurance.Domain.Catalog;
using LeadsAssurance.Domain.Ledger;
using LeadsAssurance.Domain.Market;
using LeadsAssurance.Tests.Infrastructure;
using LeadsAssurance.Web.Components.Pages.Admin;
using LeadsAssurance.Web.Components.Shared;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;

namespace LeadsAssurance.Tests.Components;

/// <summary>The admin's pages on the running app, used as an admin would: read the figures, act, see the result.</summary>
public class AdminPagesTests(MarketFactory app) : IClassFixture<MarketFactory>
{
    private async Task<BunitContext> AdminAsync()
    {
        var admin = (await app.CreateApiClient(AppFactory.AdminApiKey).GetFromJsonAsync<JsonElement>("/api/v1/me")).GetProperty("id").GetGuid();
        return AppPages.SignedIn(app, admin, "Admin");
    }

    private static string Kpi<TPage>(IRenderedComponent<TPage> page, string label) where TPage : IComponent =>
        page.FindAll(".la-kpi").Single(k => k.TextContent.Contains(label, StringComparison.Ordinal)).QuerySelector(".la-kpi-value")!.TextContent.Trim();

    /// <summary>A field's text box: MudBlazor puts the test id on the input itself or on the field around it.</summary>
    private static AngleSharp.Dom.IElement Input(AngleSharp.Dom.IElement field) =>
        field.TagName is "INPUT" or "TEXTAREA" ? field : field.QuerySelector("input, textarea")!;

    private async Task<List<LeadsAssurance.Domain.Leads.Lead>> LeadsAsync(int count, string product = "ASSURANCE_AUTO")
    {
        await using var db = app.CreateDbContext();
        var provider = (await TestData.AddAccountsAsync(db, AccountRole.Provider, 1, app.Clock.GetUtcNow()))[0];
        return await TestData.AddLeadsAsync(db, provider, count, app.Clock.GetUtcNow(), product);
    }

    [Fact]
    public async Task TheDashboardShowsAHoldInItsFeedAndItsFiguresAsItHappens()
    {
        var lead = (await LeadsAsync(1))[0];
        var (brokerId, _) = await app.CreateAccountAsync("Broker", approve: true);
        await using var ctx = await AdminAsync();
        var page = ctx.Render<Dashboard>();
        page.WaitForAssertion(() => page.FindAll(".la-kpi").Should().HaveCount(4));
        var holdsBefore = int.Parse(Kpi(page, "Réservations en cours"), LeadsAssurance.Domain.France.Culture);

        await app.Services.GetRequiredService<MarketService>().ReserveAsync(lead.Id, brokerId);

        page.WaitForAssertion(() => page.Find("[data-testid=live-feed]").TextContent.Should().Contain($"Réservation · {Fr.Euros(lead.Price)}"));
        page.WaitForAssertion(() => Kpi(page, "Réservations en cours").Should().Be((holdsBefore + 1).ToString(LeadsAssurance.Domain.France.Culture)));
    }

    [Fact]
    public async Task TheDashboardSplitsTodaysSalesBetweenFlowsAndTheMarketAsTheyHappen()
    {
        var world = new FlowWorld(app, app.Clock.GetUtcNow());
        var (brokerId, broker) = await world.BrokerAsync(1000m);
        await FlowWorld.FlowAsync(broker, "75");
        await using var ctx = await AdminAsync();
        var page = ctx.Render<Dashboard>();
        page.WaitForAssertion(() => page.Find("[data-testid=sales-by-channel]"));
        int Sales(string channel) => int.Parse(page.Find($"[data-channel={channel}]").Children[1].TextContent.Trim(),
            System.Globalization.NumberStyles.AllowThousands, LeadsAssurance.Domain.France.Culture);
        var (flows, market) = (Sales("flows"), Sales("market"));

        await world.PostAsync(await world.ProviderAsync(), "75", 2);
        await MarketBuys.BuyAsync(app, brokerId, 1, app.Clock.GetUtcNow());

        page.WaitForAssertion(() => Sales("flows").Should().Be(flows + 2));
        page.WaitForAssertion(() => Sales("market").Should().Be(market + 1));
        Sales("total").Should().Be(flows + market + 3);
        page.Find("[data-testid=live-feed]").TextContent.Should().Contain("Achat par flux MUTUELLE_SANTE");
    }

    [Fact]
    public async Task TheAuditLogListsAnApprovalWithWhoDidIt()
    {
        var (id, _) = await app.CreateAccountAsync("Provider", approve: true);
        await using var ctx = await AdminAsync();

        var page = ctx.Render<Audit>();

        page.WaitForAssertion(() => page.FindAll("tbody tr").Should().Contain(row =>
            row.TextContent.Contains("account.approved") && row.TextContent.Contains($"account:{id}") && row.TextContent.Contains(AppFactory.AdminEmail)));
    }

    [Fact]
    public async Task TheCatalogueListsTheEighteenProductsEachWithItsDetailsPage()
    {
        await using var ctx = await AdminAsync();

        var page = ctx.Render<Catalog>();

        page.WaitForAssertion(() => page.FindAll("[data-product]").Should().HaveCount(18));
        var immo = page.Find("[data-product=CREDIT_IMMO]");
        immo.TextContent.Should().Contain("Crédit immobilier").And.Contain("En vente");
        immo.QuerySelector("a")!.GetAttribute("href").Should().Be("/admin/catalog/CREDIT_IMMO");
    }

    [Fact]
    public async Task AnAdminChangesAProductsPriceAndTheApiSellsAtTheNewPrice()
    {
        await using var ctx = await AdminAsync();
        ctx.RenderProviders();
        var page = ctx.Render<ProductDetails>(p => p.Add(d => d.Code, "ASSURANCE_DECENNALE"));
        page.WaitForAssertion(() => page.Find("input[type=text]"));

        // The awaited forms: the field has taken the new price before the button is clicked, even on a busy machine.
        await page.InvokeAsync(() => page.FindAll("input").First(i => i.GetAttribute("inputmode") == "decimal").ChangeAsync(new ChangeEventArgs { Value = "42,50" }));
        await page.InvokeAsync(() => page.FindAll("button").Single(b => b.TextContent.Trim() == "Enregistrer").ClickAsync(new MouseEventArgs()));

        (await Eventually.TrueAsync(async () => (await app.Services.GetRequiredService<CatalogService>().GetAsync("ASSURANCE_DECENNALE"))!.Price == 42.50m))
            .Should().BeTrue("the new price is saved");
        ctx.Services.GetRequiredService<MudBlazor.ISnackbar>().ShownSnackbars.Should().Contain(s => s.Message == "Produit enregistré.");
        var products = await app.CreateApiClient(AppFactory.AdminApiKey).GetFromJsonAsync<JsonElement>("/api/v1/products");
        products.EnumerateArray().Single(p => p.GetProperty("code").GetString() == "ASSURANCE_DECENNALE").GetProperty("price").GetDecimal().Should().Be(42.50m);
    }

    [Fact]
    public async Task AnAdminMakesAProductsPriceFallWithAgeAndNewLeadsTakeTheSchedule()
    {
        await using var ctx = await AdminAsync();
        var page = ctx.Render<ProductDetails>(p => p.Add(d => d.Code, "RC_PRO"));
        page.WaitForAssertion(() => page.Find("input[type=text]"));

        await page.InvokeAsync(() => Switch(page, "decays").ChangeAsync(new ChangeEventArgs { Value = true }));
        await SetAsync(page, "step", "2");
        await SetAsync(page, "interval", "360");
        await SetAsync(page, "floor", "18");
        await page.InvokeAsync(() => page.FindAll("button").Single(b => b.TextContent.Trim() == "Enregistrer").ClickAsync(new MouseEventArgs()));

        (await Eventually.TrueAsync(async () => (await app.Services.GetRequiredService<CatalogService>().GetAsync("RC_PRO"))!.PriceSchedule
            == new PriceSchedule(18m, 2m, TimeSpan.FromHours(6)))).Should().BeTrue("the schedule is saved");
        page.Find("[data-testid=schedule-summary]").TextContent.Should().Contain("30,00 € → −2,00 € toutes les 6 h → 18,00 € (atteint en 1 j 12 h)");
        var lead = (await LeadsAsync(1, "RC_PRO"))[0];
        lead.PriceSchedule.Should().Be(new PriceSchedule(18m, 2m, TimeSpan.FromHours(6)));
    }

    [Fact]
    public async Task AnInvalidPriceScheduleIsRefusedInFrenchOnItsFieldsAndNotSaved()
    {
        await using var ctx = await AdminAsync();
        var page = ctx.Render<ProductDetails>(p => p.Add(d => d.Code, "PREVOYANCE"));
        page.WaitForAssertion(() => page.Find("input[type=text]"));

        await page.InvokeAsync(() => Switch(page, "decays").ChangeAsync(new ChangeEventArgs { Value = true }));
        await SetAsync(page, "step", "0");
        await SetAsync(page, "interval", "0");
        await SetAsync(page, "floor", "40");
        await page.InvokeAsync(() => page.FindAll("button").Single(b => b.TextContent.Trim() == "Enregistrer").ClickAsync(new MouseEventArgs()));

        page.WaitForAssertion(() => page.Markup.Should().Contain("Le prix plancher doit être inférieur ou égal au prix de départ.")
            .And.Contain("La baisse doit être supérieure à 0 €, au centime près.")
            .And.Contain("L'intervalle entre deux baisses doit être d'au moins 1 minute."));
        (await app.Services.GetRequiredService<CatalogService>().GetAsync("PREVOYANCE"))!.PriceSchedule.Should().BeNull();
    }

    private static AngleSharp.Dom.IElement Switch<TPage>(IRenderedComponent<TPage> page, string testId) where TPage : IComponent =>
        page.Find($"[data-testid={testId}]") is var field && field.TagName == "INPUT" ? field : field.QuerySelector("input")!;

    private static Task SetAsync<TPage>(IRenderedComponent<TPage> page, string testId, string value) where TPage : IComponent =>
        page.InvokeAsync(() => Input(page.Find($"[data-testid={testId}]")).ChangeAsync(new ChangeEventArgs { Value = value }));

    [Fact]
    public async Task TheConsentsPageVerifiesTheChainAgainWhenAsked()
    {
        await using var ctx = await AdminAsync();
        var page = ctx.Render<Consents>();
        page.WaitForAssertion(() => page.Find("[data-testid=chain-status]").TextContent.Should().Contain("Chaîne intègre"));
        await using var db = app.CreateDbContext();
        var records = db.ConsentRecords.Count();
        await LeadsAsync(3, "ASSURANCE_VIE");

        page.Find("[data-testid=verify-chain]").Click();

        page.WaitForAssertion(() => page.Find("[data-testid=chain-status]").TextContent
            .Should().Contain($"Chaîne intègre : {(records + 3).ToString("N0", LeadsAssurance.Domain.France.Culture)} preuve(s)"));
    }

    [Fact]
    public async Task AnAdminCreditsABrokersBankTransferFromTheAccountsPage()
    {
        var (brokerId, _) = await app.CreateAccountAsync("Broker", approve: true);
        await using var ctx = await AdminAsync();
        var dialogs = ctx.RenderProviders();
        var page = ctx.Render<Accounts>();
        page.WaitForAssertion(() => page.FindAll(".mud-tab").Should().HaveCountGreaterThan(1));
        page.FindAll(".mud-tab").Single(t => t.TextContent.Contains("Actifs")).Click();
        page.WaitForAssertion(() => page.Find($"[data-account-id='{brokerId}'] [data-testid=topup]"));

        page.Find($"[data-account-id='{brokerId}'] [data-testid=topup]").Click();
        dialogs.WaitForAssertion(() => dialogs.Find("[data-testid=topup-amount]"), TimeSpan.FromSeconds(10));
        Input(dialogs.Find("[data-testid=topup-amount]")).Change("150");
        Input(dialogs.Find("[data-testid=topup-reference]")).Change("VIR-2026-11-24-001");
        dialogs.Find("[data-testid=topup-confirm]").Click();

        (await Eventually.TrueAsync(async () => await app.Services.GetRequiredService<LedgerService>().GetBalanceAsync(brokerId) == 150m))
            .Should().BeTrue("the transfer is credited");
        dialogs.WaitForAssertion(() => dialogs.FindAll("[data-testid=topup-confirm]").Should().BeEmpty("the dialog closes"));
        ctx.Services.GetRequiredService<MudBlazor.ISnackbar>().ShownSnackbars.Should().Contain(s => s.Message != null && s.Message.Contains("Nouveau solde : 150,00"));
    }
}
