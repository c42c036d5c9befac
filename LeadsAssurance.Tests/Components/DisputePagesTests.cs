using System.Net.Http.Json;
using System.Text.Json;
using Bunit;
using LeadsAssurance.Domain.Market;
using LeadsAssurance.Tests.Infrastructure;
using LeadsAssurance.Web.Components.Pages.Admin;
using LeadsAssurance.Web.Components.Pages.Broker;
using LeadsAssurance.Web.Components.Shared;
using MudBlazor;

namespace LeadsAssurance.Tests.Components;

/// <summary>Returns on the pages, with the running app: the broker's "Mes achats" and the admin's /admin/disputes, each live.</summary>
public class DisputePagesTests(MarketFactory app) : IClassFixture<MarketFactory>
{
    private readonly DisputeWorld _world = new(app);

    private async Task<BunitContext> AdminAsync()
    {
        var admin = (await _world.Admin.GetFromJsonAsync<JsonElement>("/api/v1/me")).GetProperty("id").GetGuid();
        return AppPages.SignedIn(app, admin, "Admin");
    }

    private static AngleSharp.Dom.IElement Input(AngleSharp.Dom.IElement field) =>
        field.TagName is "INPUT" or "TEXTAREA" ? field : field.QuerySelector("input, textarea")!;

    private static string StatusOf(IRenderedComponent<Purchases> page, Guid leadId) =>
        page.Find($"tr[data-lead-id='{leadId}'] [data-testid=dispute-cell]").TextContent;

    [Fact]
    public async Task TheAdminAcceptsADisputeAndTheBrokersPurchasesShowTheRefundWithoutReload()
    {
        var (brokerId, broker, _) = await _world.BrokerAsync(300m);
        var lead = (await _world.BuyAsync(broker))[0];
        var id = await DisputeWorld.OpenAsync(broker, lead.Id, "Fake");
        await using var brokerCtx = AppPages.SignedIn(app, brokerId, "Broker");
        var purchases = brokerCtx.Render<Purchases>();
        purchases.WaitForAssertion(() => StatusOf(purchases, lead.Id).Should().Contain("Contestation en cours"));
        await using var adminCtx = await AdminAsync();
        var dialogs = adminCtx.RenderProviders();
        var queue = adminCtx.Render<Disputes>();
        queue.WaitForAssertion(() => queue.Find($"tr[data-dispute-id='{id}']").TextContent.Should().Contain("Demande fictive").And.Contain(Fr.Euros(lead.Price)));

        queue.Find($"tr[data-dispute-id='{id}'] [data-testid=accept]").Click();
        dialogs.WaitForAssertion(() => dialogs.Find("[data-testid=confirm]"));
        Input(dialogs.Find("[data-testid=reason]")).Input("Numéro vérifié : non attribué.");
        dialogs.Find("[data-testid=confirm]").Click();

        purchases.WaitForAssertion(() => StatusOf(purchases, lead.Id).Should().Contain($"Remboursé {Fr.Euros(lead.Price)}").And.Contain("Numéro vérifié : non attribué."));
        queue.WaitForAssertion(() => queue.FindAll($"tr[data-dispute-id='{id}']").Should().BeEmpty("the queue shows open disputes by default"));
        (await DisputeWorld.BalanceAsync(broker)).Should().Be(300m);
    }

    [Fact]
    public async Task ABrokerDisputesFromMesAchatsAndTheAdminsQueueShowsItAsItHappens()
    {
        var (brokerId, broker, _) = await _world.BrokerAsync();
        var lead = (await _world.BuyAsync(broker))[0];
        await using var adminCtx = await AdminAsync();
        var queue = adminCtx.Render<Disputes>();
        queue.WaitForAssertion(() => queue.Find("[data-testid=reasons]"));
        await using var brokerCtx = AppPages.SignedIn(app, brokerId, "Broker");
        var dialogs = brokerCtx.RenderProviders();
        var purchases = brokerCtx.Render<Purchases>();
        purchases.WaitForAssertion(() => purchases.Find($"tr[data-lead-id='{lead.Id}'] [data-testid=dispute]"));

        purchases.Find($"tr[data-lead-id='{lead.Id}'] [data-testid=dispute]").Click();
        dialogs.WaitForAssertion(() => dialogs.Find("[data-testid=dispute-submit]"));
        dialogs.Find("[data-testid=dispute-submit]").Click();
        dialogs.WaitForAssertion(() => dialogs.Markup.Should().Contain("Choisissez un motif."));
        var reason = dialogs.FindComponents<MudSelect<string>>().Single().Instance;
        await dialogs.InvokeAsync(() => reason.ValueChanged.InvokeAsync("Unreachable"));
        dialogs.WaitForAssertion(() => dialogs.Markup.Should().Contain("Indiquez les dates et heures de vos tentatives d'appel."));
        Input(dialogs.Find("[data-testid=dispute-comment]")).Input("Appelé le 24/11 à 10 h, 14 h et 18 h : messagerie.");
        dialogs.Find("[data-testid=dispute-submit]").Click();

        purchases.WaitForAssertion(() => StatusOf(purchases, lead.Id).Should().Contain("Contestation en cours"));
        queue.WaitForAssertion(() => queue.Find($"tr[data-lead-id='{lead.Id}']").TextContent
            .Should().Contain("Injoignable après plusieurs tentatives").And.Contain("Appelé le 24/11 à 10 h, 14 h et 18 h : messagerie."));
    }

    [Fact]
    public async Task ARefusalNeedsANoteAndTheBrokerReadsIt()
    {
        var (brokerId, broker, _) = await _world.BrokerAsync(300m);
        var lead = (await _world.BuyAsync(broker))[0];
        var id = await DisputeWorld.OpenAsync(broker, lead.Id, "OutOfTarget");
        await using var brokerCtx = AppPages.SignedIn(app, brokerId, "Broker");
        var purchases = brokerCtx.Render<Purchases>();
        await using var adminCtx = await AdminAsync();
        var dialogs = adminCtx.RenderProviders();
        var queue = adminCtx.Render<Disputes>();
        queue.WaitForAssertion(() => queue.Find($"tr[data-dispute-id='{id}'] [data-testid=refuse]"));

        queue.Find($"tr[data-dispute-id='{id}'] [data-testid=refuse]").Click();
        dialogs.WaitForAssertion(() => dialogs.Find("[data-testid=confirm]"));
        dialogs.Find("[data-testid=confirm]").Click();
        dialogs.WaitForAssertion(() => dialogs.Markup.Should().Contain("Indiquez un motif."));
        Input(dialogs.Find("[data-testid=reason]")).Input("Le prospect est bien dans la cible du produit.");
        dialogs.Find("[data-testid=confirm]").Click();

        purchases.WaitForAssertion(() => StatusOf(purchases, lead.Id).Should().Contain("Contestation refusée").And.Contain("Le prospect est bien dans la cible du produit."));
        (await DisputeWorld.BalanceAsync(broker)).Should().Be(300m - lead.Price);
    }
}
