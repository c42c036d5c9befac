using LeadsAssurance.Domain.Accounts;
using LeadsAssurance.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace LeadsAssurance.Tests.EndToEnd;

/// <summary>
/// A broker sets up a flow in his browser; a provider sends a matching lead through the form; the lead shows in the
/// broker's flow deliveries and "Mes achats" without a reload, his balance moves, and another broker's open market
/// never shows it.
/// </summary>
[Trait("Category", "Slow")]
public class FlowsTests(BrowserFixture app) : IClassFixture<BrowserFixture>
{
    private const string Password = "Passw0rd!x";

    /// <summary>Opens the MudSelect labelled <paramref name="label"/> and picks <paramref name="options"/>, as a person clicks them.</summary>
    private static async Task ChooseAsync(IPage page, string label, params string[] options)
    {
        var select = page.Locator(".mud-select").Filter(new LocatorFilterOptions { Has = page.Locator("label", new PageLocatorOptions { HasTextString = label }) }).First;
        await select.Locator(".mud-input-slot, .mud-select-input").First.ClickAsync();
        foreach (var option in options)
            await page.Locator(".mud-popover-open .mud-list-item").Filter(new LocatorFilterOptions { HasText = option }).First.ClickAsync();
        // A single choice closes the list itself; a multiple one stays open until the select is clicked again (as a
        // person does to fold it; Escape only works while the select, not an option, has the focus).
        var open = page.Locator(".mud-popover-open .mud-list-item").First;
        if (await HiddenWithinAsync(open, 2_000))
            return;
        for (var attempt = 0; attempt < 3 && await open.IsVisibleAsync(); attempt++)
        {
            await select.Locator(".mud-input-slot, .mud-select-input").First.ClickAsync(new LocatorClickOptions { Force = true });
            await HiddenWithinAsync(open, 3_000);
        }
        await open.WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Hidden });
    }

    private static async Task<bool> HiddenWithinAsync(ILocator locator, float milliseconds)
    {
        try
        {
            await locator.WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Hidden, Timeout = milliseconds });
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    [Fact]
    public async Task ABrokersFlowBuysAProvidersFormLeadThatAppearsLiveInHisPagesAndNeverInAnotherBrokersMarket()
    {
        var (brokerId, _) = await app.CreateAccountAsync("Broker", approve: true, email: "flux.a@courtage.fr");
        await app.CreateAccountAsync("Broker", approve: true, email: "flux.b@courtage.fr");
        await app.CreateAccountAsync("Provider", approve: true, email: "flux.apporteur@leads.fr");
        await TestData.TopUpAsync(app.Services, brokerId, 200m);

        // The broker creates his flow: home insurance in Finistère, at most 10 a day.
        var flows = await app.NewPageAsync();
        await flows.LogInAsync("flux.a@courtage.fr", Password);
        await flows.GotoAsync("/flows");
        await flows.WaitForCircuitAsync();
        await flows.GetByTestId("new-flow").ClickAsync();
        await flows.GetByTestId("flow-form").WaitForAsync();
        await flows.GetByLabel("Nom du flux").FillAsync("Habitation Finistère");
        await ChooseAsync(flows, "Produits", "Assurance habitation");
        await ChooseAsync(flows, "Départements", "29 – Finistère");
        await flows.GetByLabel("Par jour").FillAsync("10");
        await Assertions.Expect(flows.GetByTestId("flow-estimate")).ToContainTextAsync("lead");
        await flows.GetByTestId("flow-save").ClickAsync();
        await flows.WaitForURLAsync(url => url.EndsWith("/flows", StringComparison.Ordinal));
        var card = flows.Locator("[data-flow-id]").Filter(new LocatorFilterOptions { HasText = "Habitation Finistère" });
        await Assertions.Expect(card.GetByTestId("flow-today")).ToHaveTextAsync("0 / 10");
        await card.GetByTestId("flow-deliveries-toggle").ClickAsync();
        await card.GetByTestId("flow-no-delivery").WaitForAsync();

        var purchases = await app.NewPageAsync();
        await purchases.LogInAsync("flux.a@courtage.fr", Password);
        await purchases.GotoAsync("/purchases");
        await purchases.WaitForCircuitAsync();
        await Assertions.Expect(purchases.GetByTestId("balance")).ToContainTextAsync("200,00");

        var other = await app.NewPageAsync();
        await other.LogInAsync("flux.b@courtage.fr", Password);
        await other.GotoAsync("/market");
        await other.WaitForCircuitAsync();

        // The provider sends a matching lead through the form.
        var provider = await app.NewPageAsync();
        await provider.LogInAsync("flux.apporteur@leads.fr", Password);
        await provider.GotoAsync("/provider/leads/new");
        await provider.WaitForCircuitAsync();
        await ChooseAsync(provider, "Produit", "Assurance habitation");
        await Fill(provider, "lead-firstName", "Maëlle");
        await Fill(provider, "lead-lastName", "Le Goff-Kerbrat");
        await Fill(provider, "lead-phone", "06 98 76 54 32");
        await Fill(provider, "lead-email", "maelle.legoff@exemple.fr");
        await Fill(provider, "lead-zipCode", "29200");
        await Fill(provider, "lead-city", "Brest");
        await ChooseAsync(provider, "Type de logement", "Maison");
        await ChooseAsync(provider, "Statut", "Propriétaire occupant");
        await provider.GetByLabel("Surface habitable (m²)").FillAsync("95");
        await Fill(provider, "consent-text", "J'accepte d'être rappelée par les partenaires cités pour mon assurance habitation.");
        await Fill(provider, "consent-ip", "203.0.113.21");
        await Fill(provider, "consent-ua", "Mozilla/5.0");
        await Fill(provider, "consent-url", "https://www.exemple.fr/habitation");
        await Fill(provider, "consent-partners", "Cabinet Martin");
        await provider.GetByTestId("lead-submit").ClickAsync();
        await provider.GetByTestId("lead-accepted").WaitForAsync(new LocatorWaitForOptions { Timeout = 10_000 });

        await using var db = app.CreateDbContext();
        var lead = await db.Leads.AsNoTracking().SingleAsync(l => l.Email == "maelle.legoff@exemple.fr");

        // Without a reload: the flow's log and counter, "Mes achats" with the flow named, the balance.
        await card.Locator($"[data-lead-id='{lead.Id}']").WaitForAsync(new LocatorWaitForOptions { Timeout = 10_000 });
        await Assertions.Expect(card.Locator($"[data-lead-id='{lead.Id}']")).ToContainTextAsync("Maëlle Le Goff-Kerbrat");
        await Assertions.Expect(card.GetByTestId("flow-today")).ToHaveTextAsync("1 / 10");
        var row = purchases.Locator($"[data-lead-id='{lead.Id}']");
        await row.WaitForAsync(new LocatorWaitForOptions { Timeout = 10_000 });
        await Assertions.Expect(row.GetByTestId("origin")).ToContainTextAsync("Flux « Habitation Finistère »");
        await Assertions.Expect(row.GetByTestId("phone")).ToHaveTextAsync("06 98 76 54 32");
        await Assertions.Expect(purchases.GetByTestId("balance")).ToContainTextAsync((200m - lead.Price).ToString("N2", LeadsAssurance.Domain.France.Culture));

        // The other broker's open market never listed it (exclusive, bought whole by the flow before the market), nor
        // does it after a reload.
        (await other.Locator($"[data-lead-id='{lead.Id}']").CountAsync()).Should().Be(0);
        (await other.ContentAsync()).Should().NotContain("Le Goff");
        await other.ReloadAsync();
        await other.WaitForCircuitAsync();
        await other.Locator("[data-testid=market-grid], table, .la-empty").First.WaitForAsync();
        (await other.Locator($"[data-lead-id='{lead.Id}']").CountAsync()).Should().Be(0);
        (await other.ContentAsync()).Should().NotContain("Le Goff");
    }

    private static Task Fill(IPage page, string testId, string value) =>
        page.Locator($"[data-testid={testId}] input, [data-testid={testId}] textarea, input[data-testid={testId}], textarea[data-testid={testId}]").First.FillAsync(value);
}
