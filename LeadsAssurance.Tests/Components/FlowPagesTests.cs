using System.Text.Json;
using System.Text.Json.Nodes;
using Bunit;
using LeadsAssurance.Domain.Accounts;
using LeadsAssurance.Domain.Catalog;
using LeadsAssurance.Domain.Flows;
using LeadsAssurance.Tests.Infrastructure;
using LeadsAssurance.Web.Components.Pages.Broker;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Extensions;

namespace LeadsAssurance.Tests.Components;

/// <summary>
/// The flow form and the flows page on the running app, used as a broker would: the criteria come from the chosen
/// products' schemas, mistakes get French messages on their fields and save nothing, a valid flow is saved as the API
/// would save it, and the page shows what his flows bought, as it happens.
/// </summary>
public class FlowPagesTests(MarketFactory app) : IClassFixture<MarketFactory>
{
    private static readonly IReadOnlyDictionary<string, Product> Catalogue = CatalogSeed.LoadDefinitions().ToDictionary(p => p.Code);

    private async Task<(BunitContext Ctx, Guid Broker)> BrokerAsync()
    {
        var (broker, _) = await app.CreateAccountAsync("Broker", approve: true);
        var ctx = AppPages.SignedIn(app, broker, "Broker");
        ctx.RenderProviders();
        return (ctx, broker);
    }

    private static IEnumerable<string> MarketFields(string code) =>
        JsonNode.Parse(Catalogue[code].AttributesSchema)!["properties"]!.AsObject().Where(p => p.Value!["x-market"]?.GetValue<bool>() == true).Select(p => p.Key);

    private static MudSelect<string> Select(IRenderedComponent<FlowEdit> page, string label) =>
        page.FindComponents<MudSelect<string>>().Single(s => s.Instance.Label == label).Instance;

    private static async Task ChooseAsync(IRenderedComponent<FlowEdit> page, string label, params string[] values)
    {
        var select = Select(page, label);
        await page.InvokeAsync(() => select.SelectedValuesChanged.InvokeAsync(values));
    }

    private static async Task TypeAsync<T>(IRenderedComponent<FlowEdit> page, string label, T value)
    {
        var field = page.FindComponents<MudBaseInput<T>>().First(f => f.Instance.Label == label).Instance;
        await page.InvokeAsync(() => field.ValueChanged.InvokeAsync(value));
    }

    private static async Task SubmitAsync(IRenderedComponent<FlowEdit> page) =>
        await page.Find("[data-testid=flow-form]").SubmitAsync();

    private static string Errors(IRenderedComponent<FlowEdit> page) =>
        string.Join(" | ", page.FindAll(".mud-input-helper-text.mud-input-error, .mud-input-error .mud-input-helper-text, [data-testid=schedule-days-error]").Select(e => e.TextContent.Trim()));

    private async Task<int> FlowCountAsync(Guid broker)
    {
        await using var db = app.CreateDbContext();
        return await db.Flows.CountAsync(f => f.BrokerId == broker);
    }

    [Fact]
    public async Task TheProductCriteriaAreTheMarketFieldsTheChosenProductsShare()
    {
        var (ctx, _) = await BrokerAsync();
        await using var _ = ctx;
        var page = ctx.Render<FlowEdit>();
        page.WaitForAssertion(() => page.Find("[data-testid=flow-form]"));
        page.FindAll("[data-criterion]").Should().BeEmpty();

        await ChooseAsync(page, "Produits", "MUTUELLE_SANTE");
        page.FindAll("[data-criterion]").Select(c => c.GetAttribute("data-criterion")).Should().Equal(MarketFields("MUTUELLE_SANTE"));
        page.Find("[data-criterion=regime]").TextContent.Should().Contain("Régime social");

        await ChooseAsync(page, "Produits", "MUTUELLE_SANTE", "CREDIT_IMMO");
        page.FindAll("[data-criterion]").Should().BeEmpty("the two products share no market field");

        // Auto and pets both have a "formule", with different values: the filter offers none the other product lacks.
        await ChooseAsync(page, "Produits", "ASSURANCE_AUTO", "ASSURANCE_ANIMAUX");
        page.FindAll("[data-criterion]").Should().BeEmpty("their formulas have no value in common");

        await ChooseAsync(page, "Produits", "CREDIT_IMMO");
        page.FindAll("[data-criterion]").Select(c => c.GetAttribute("data-criterion")).Should().Equal(MarketFields("CREDIT_IMMO"));
        page.Find("[data-criterion=montantProjet]").TextContent.Should().Contain("Montant du projet (€) : min.", "a number is filtered by a range");
    }

    [Fact]
    public async Task AnEmptyFormGetsFrenchMessagesOnItsFieldsAndSavesNothing()
    {
        var (ctx, broker) = await BrokerAsync();
        await using var _ = ctx;
        var page = ctx.Render<FlowEdit>();
        page.WaitForAssertion(() => page.Find("[data-testid=flow-form]"));
        Errors(page).Should().BeEmpty("nothing is flagged before the broker touches a field or submits");

        await SubmitAsync(page);

        page.WaitForAssertion(() => page.Find("[data-testid=flow-failure]").TextContent.Should().Contain("corrigez les champs signalés"));
        Errors(page).Should().Contain("Le nom du flux est obligatoire.").And.Contain("Choisissez au moins un produit.");
        (await FlowCountAsync(broker)).Should().Be(0);
    }

    [Fact]
    public async Task CapsAndScheduleMistakesAreFlaggedAsTheBrokerTypes()
    {
        var (ctx, broker) = await BrokerAsync();
        await using var _ = ctx;
        var page = ctx.Render<FlowEdit>();
        page.WaitForAssertion(() => page.Find("[data-testid=flow-form]"));

        await TypeAsync<int?>(page, "Par jour", 0);
        Errors(page).Should().Contain("Le plafond par jour doit être un nombre de leads entre 1 et 1 000 000.");
        await TypeAsync<decimal?>(page, "Budget mensuel (€)", 10.555m);
        Errors(page).Should().Contain("Le budget mensuel doit être positif, au centime près");
        await TypeAsync<int?>(page, "Par jour", 5);
        Errors(page).Should().NotContain("Le plafond par jour");

        await page.InvokeAsync(() => page.FindComponents<MudSwitch<bool>>().Single(s => s.Instance.Label!.StartsWith("N'acheter", StringComparison.Ordinal)).Instance.ValueChanged.InvokeAsync(true));
        foreach (var day in page.FindComponents<MudCheckBox<bool>>().Where(c => c.Instance.GetState(x => x.Value)).Select(c => c.Instance).ToList())
            await page.InvokeAsync(() => day.ValueChanged.InvokeAsync(false));
        Errors(page).Should().Contain("Choisissez au moins un jour");
        await TypeAsync(page, "À", "08:00");
        Errors(page).Should().Contain("L'heure de fin doit différer de l'heure de début.");

        await SubmitAsync(page);
        page.WaitForAssertion(() => page.Find("[data-testid=flow-failure]"));
        (await FlowCountAsync(broker)).Should().Be(0);
    }

    [Fact]
    public async Task AValidFlowIsSavedAsTheApiWouldSaveItAndItsSecretIsShownOnce()
    {
        var (ctx, broker) = await BrokerAsync();
        await using var _ = ctx;
        var page = ctx.Render<FlowEdit>();
        page.WaitForAssertion(() => page.Find("[data-testid=flow-form]"));

        await TypeAsync(page, "Nom du flux", "Mutuelles TNS Rhône");
        await ChooseAsync(page, "Produits", "MUTUELLE_SANTE");
        await ChooseAsync(page, "Départements", "69", "01");
        await ChooseAsync(page, "Régime social", "\"tns\"", "\"general\"");
        await TypeAsync<decimal?>(page, "Prix maximum (€)", 40m);
        var minScore = page.FindComponents<MudSelect<decimal>>().Single(c => c.Instance.Label == "Note de l'apporteur").Instance;
        await page.InvokeAsync(() => minScore.ValueChanged.InvokeAsync(4m));
        await page.InvokeAsync(() => page.FindComponents<MudCheckBox<bool>>().Single(c => c.Instance.Label!.StartsWith("Seulement les leads dont le consentement", StringComparison.Ordinal))
            .Instance.ValueChanged.InvokeAsync(true));
        await TypeAsync<int?>(page, "Par jour", 5);
        await TypeAsync<int?>(page, "Par mois", 80);
        await page.InvokeAsync(() => page.FindComponents<MudSwitch<bool>>().Single(s => s.Instance.Label!.StartsWith("N'acheter", StringComparison.Ordinal)).Instance.ValueChanged.InvokeAsync(true));
        await TypeAsync(page, "De", "09:00");
        await TypeAsync(page, "À", "18:30");
        await TypeAsync(page, "URL du webhook (facultative)", "https://203.0.113.10/leads");
        Select(page, "Régime social").GetState(x => x.SelectedValues).Should().BeEquivalentTo(["\"tns\"", "\"general\""]);

        await SubmitAsync(page);

        page.WaitForAssertion(() => page.FindAll("[data-testid=flow-secret-value]").Should().ContainSingle(Errors(page) + page.FindAll("[data-testid=flow-failure]").FirstOrDefault()?.TextContent), TimeSpan.FromSeconds(5));
        var secret = page.Find("[data-testid=flow-secret-value]").TextContent.Trim();
        var flow = (await app.Services.GetRequiredService<FlowService>().ListAsync(broker)).Should().ContainSingle().Subject;
        flow.Name.Should().Be("Mutuelles TNS Rhône");
        flow.ProductCodes.Should().Equal("MUTUELLE_SANTE");
        flow.Departements.Should().BeEquivalentTo(["69", "01"]);
        flow.MaxPrice.Should().Be(40m);
        flow.MinProviderScore.Should().Be(4m);
        flow.NamedPartnerOnly.Should().BeTrue();
        flow.Caps.Should().Be(new FlowCaps(5, null, 80, null));
        flow.Schedule!.Days.Should().Equal(1, 2, 3, 4, 5);
        (flow.Schedule.From, flow.Schedule.To).Should().Be(("09:00", "18:30"));
        flow.Attributes["regime"].In!.Select(v => v.GetString()).Should().BeEquivalentTo(["tns", "general"]);
        flow.WebhookUrl.Should().Be("https://203.0.113.10/leads");
        flow.Status.Should().Be(FlowStatus.Active);
        secret.Should().MatchRegex("^whsec_[0-9a-f]{64}$");

        // Opened again, the form shows what was saved.
        var again = ctx.Render<FlowEdit>(p => p.Add(e => e.FlowId, flow.Id));
        again.WaitForAssertion(() => again.Find("[data-testid=flow-form]"));
        Select(again, "Régime social").GetState(x => x.SelectedValues).Should().BeEquivalentTo(["\"tns\"", "\"general\""]);
        again.FindComponents<MudSelect<decimal>>().Single(c => c.Instance.Label == "Note de l'apporteur").Instance.GetState(x => x.Value).Should().Be(4m);
        again.FindComponents<MudBaseInput<string>>().First(f => f.Instance.Label == "Nom du flux").Instance.GetState(x => x.Value).Should().Be("Mutuelles TNS Rhône");
        again.Markup.Should().NotContain(secret, "the secret is shown once, at creation");
    }

    [Fact]
    public async Task TheEstimateSaysHowManyLeadsTheCriteriaWouldHaveMatchedPerDay()
    {
        await using (var db = app.CreateDbContext())
        {
            var provider = (await TestData.AddAccountsAsync(db, AccountRole.Provider, 1, app.Clock.GetUtcNow()))[0];
            await TestData.AddLeadsAsync(db, provider, 45, app.Clock.GetUtcNow().AddDays(-2), "ASSURANCE_ANIMAUX");
            await TestData.AddLeadsAsync(db, provider, 30, app.Clock.GetUtcNow().AddDays(-40), "ASSURANCE_ANIMAUX");
        }
        var (ctx, _) = await BrokerAsync();
        await using var _ = ctx;
        var page = ctx.Render<FlowEdit>();
        page.WaitForAssertion(() => page.Find("[data-testid=flow-form]"));
        page.Find("[data-testid=flow-estimate]").TextContent.Should().Contain("Choisissez au moins un produit");

        await ChooseAsync(page, "Produits", "ASSURANCE_ANIMAUX");

        // 45 leads in the last 30 days (the 30 older ones do not count): 1.5 a day.
        page.WaitForAssertion(() => page.Find("[data-testid=flow-estimate-value]").TextContent.Should().Be("≈ 1,5 lead / jour"), TimeSpan.FromSeconds(5));
        page.Find("[data-testid=flow-estimate]").TextContent.Should().Contain("45 leads en tout");

        await ChooseAsync(page, "Départements", "75");
        page.WaitForAssertion(() => page.Find("[data-testid=flow-estimate-value]").TextContent.Should().Be("≈ 0 lead / jour"), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task TheFlowsPageShowsWhatAFlowBoughtAsItHappensAndItsPauseAndResume()
    {
        var world = new FlowWorld(app, app.Clock.GetUtcNow());
        var (broker, client) = await world.BrokerAsync(credits: 500m);
        var flowId = await FlowWorld.FlowAsync(client, "13", daily: 3, name: "Marseille quotidien");
        await using var ctx = AppPages.SignedIn(app, broker, "Broker");
        ctx.RenderProviders();
        var page = ctx.Render<Flows>();
        page.WaitForAssertion(() => page.Find($"[data-flow-id='{flowId}']"));
        var card = () => page.Find($"[data-flow-id='{flowId}']");
        card().QuerySelector("[data-testid=flow-today]")!.TextContent.Should().Be("0 / 3");
        card().QuerySelector("[data-testid=flow-last]")!.TextContent.Should().Be("Aucune");

        var provider = await world.ProviderAsync();
        var leads = await world.PostAsync(provider, "13", 2);

        page.WaitForAssertion(() => card().QuerySelector("[data-testid=flow-today]")!.TextContent.Should().Be("2 / 3"), TimeSpan.FromSeconds(10));
        card().QuerySelector("svg.la-sparkline")!.GetAttribute("aria-label").Should().Contain("2 en tout").And.Contain("2 aujourd'hui");
        await page.InvokeAsync(() => card().QuerySelector("[data-testid=flow-deliveries-toggle]")!.Click());
        page.WaitForAssertion(() => page.FindAll($"[data-flow-id='{flowId}'] [data-delivery-id]").Select(r => Guid.Parse(r.GetAttribute("data-lead-id")!))
            .Should().BeEquivalentTo(leads));
        card().QuerySelector("[data-testid=delivery-status]")!.TextContent.Should().Contain("Sans webhook");

        // A third lead arrives while the log is open: it shows without a reload.
        var third = await world.PostAsync(provider, "13", 1);
        page.WaitForAssertion(() => page.FindAll($"[data-flow-id='{flowId}'] [data-delivery-id]").Should().HaveCount(3), TimeSpan.FromSeconds(10));
        page.Find($"[data-lead-id='{third[0]}']").TextContent.Should().Contain("Marseille");

        await page.InvokeAsync(() => card().QuerySelector("[data-testid=flow-pause]")!.Click());
        page.WaitForAssertion(() => card().QuerySelector("[data-testid=flow-status]")!.TextContent.Should().StartWith("En pause"));
        (await world.Flows.GetAsync(broker, flowId)).Status.Should().Be(FlowStatus.Paused);
        await page.InvokeAsync(() => card().QuerySelector("[data-testid=flow-resume]")!.Click());
        page.WaitForAssertion(() => card().QuerySelector("[data-testid=flow-status]")!.TextContent.Should().Be("Actif"));
    }

    [Fact]
    public async Task TheBrokerChoosesHisFlowEmailsOnThePage()
    {
        var (ctx, broker) = await BrokerAsync();
        await using var _ = ctx;
        var page = ctx.Render<Flows>();
        page.WaitForAssertion(() => page.FindComponents<MudSelect<FlowNotifications>>().Should().ContainSingle());
        var select = page.FindComponents<MudSelect<FlowNotifications>>().Single().Instance;
        select.GetState(x => x.Value).Should().Be(FlowNotifications.None);

        await page.InvokeAsync(() => select.ValueChanged.InvokeAsync(FlowNotifications.DailyDigest));

        (await app.Services.GetRequiredService<FlowService>().NotificationsAsync(broker)).Should().Be(FlowNotifications.DailyDigest);
        var again = ctx.Render<Flows>();
        again.WaitForAssertion(() => again.FindComponents<MudSelect<FlowNotifications>>().Single().Instance.GetState(x => x.Value).Should().Be(FlowNotifications.DailyDigest));
    }

    [Fact]
    public async Task AnotherBrokersFlowIsNeitherShownNorEditable()
    {
        var world = new FlowWorld(app, app.Clock.GetUtcNow());
        var (_, theirClient) = await world.BrokerAsync(credits: 0m);
        var theirs = await FlowWorld.FlowAsync(theirClient, "33", name: "Flux d'un autre courtier");
        var (ctx, _) = await BrokerAsync();
        await using var _ = ctx;

        var list = ctx.Render<Flows>();
        list.WaitForAssertion(() => list.Markup.Should().Contain("Aucun flux pour l'instant"));
        list.Markup.Should().NotContain("Flux d'un autre courtier");

        var edit = ctx.Render<FlowEdit>(p => p.Add(e => e.FlowId, theirs));
        edit.WaitForAssertion(() => edit.Markup.Should().Contain("Ce flux n'existe pas ou plus"));
        edit.Markup.Should().NotContain("Flux d'un autre courtier");
    }
}
