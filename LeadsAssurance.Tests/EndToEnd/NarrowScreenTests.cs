using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using LeadsAssurance.Domain.Leads;
using LeadsAssurance.Tests.Infrastructure;
using Microsoft.Playwright;

namespace LeadsAssurance.Tests.EndToEnd;

/// <summary>A broker on a tablet (768×1024, dark theme): every lead's price and buy button in sight, no sideways scrolling.</summary>
[Trait("Category", "Slow")]
public class NarrowScreenTests(BrowserFixture app) : IClassFixture<BrowserFixture>
{
    private const int Width = 768;

    [Fact]
    public async Task OnATabletTheMarketRoomShowsEveryPriceAndBuyButtonFollowsTheMarketAndSells()
    {
        var (brokerId, _) = await app.CreateAccountAsync("Broker", approve: true, email: "tablette.marche@courtage.fr");
        var (_, otherKey) = await app.CreateAccountAsync("Broker", approve: true);
        await TestData.TopUpAsync(app.Services, brokerId, 300m);
        var (providerId, _) = await app.CreateAccountAsync("Provider", approve: true);
        await using var db = app.CreateDbContext();
        // Products with long criteria lines, shared and exclusive leads: the widest rows the grid shows.
        var leads = (await TestData.AddLeadsAsync(db, providerId, 3, DateTimeOffset.UtcNow, "CREDIT_IMMO", exclusive: false))
            .Concat(await TestData.AddLeadsAsync(db, providerId, 3, DateTimeOffset.UtcNow, "ASSURANCE_EMPRUNTEUR"))
            .Concat(await TestData.AddLeadsAsync(db, providerId, 3, DateTimeOffset.UtcNow, "MULTIRISQUE_PRO")).ToList();
        var page = await TabletAsync("tablette.marche@courtage.fr");

        await page.GotoAsync("/market");
        await page.WaitForCircuitAsync();
        await page.Locator("[data-theme='dark']").WaitForAsync();
        await Assertions.Expect(page.Locator("[data-lead-id]")).ToHaveCountAsync(leads.Count);

        await NothingScrollsSidewaysAsync(page, "[data-testid=market-grid]");
        foreach (var lead in leads)
        {
            var row = page.Locator($"[data-lead-id='{lead.Id}']");
            await ShouldBeInSightAsync(row.GetByTestId("price"), $"the price of lead {lead.Id}");
            await ShouldBeInSightAsync(row.GetByTestId("buy"), $"the buy button of lead {lead.Id}");
        }
        (await page.SeriousViolationsAsync("/market at 768 px, dark")).Should().BeEmpty();

        // Live: another broker's hold takes a lead off this grid, with no reload.
        var taken = leads[3];
        (await app.CreateApiClient(otherKey).PostAsync($"/api/v1/market/{taken.Id}/reserve", null)).EnsureSuccessStatusCode();
        await page.Locator($"[data-lead-id='{taken.Id}']").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Detached, Timeout = 5000 });

        var bought = leads[4];
        await page.Locator($"[data-lead-id='{bought.Id}']").GetByTestId("buy").ClickAsync();
        await ShouldBeInSightAsync(page.GetByTestId("pay-credits"), "the dialog's pay button");
        await page.GetByTestId("pay-credits").ClickAsync();

        await Assertions.Expect(page.GetByTestId("revealed-phone")).ToHaveTextAsync(FrenchPhone.Display(bought.Phone));
        await Assertions.Expect(page.GetByTestId("balance")).ToContainTextAsync((300m - bought.Price).ToString("N2", CultureInfo.GetCultureInfo("fr-FR")));
    }

    [Fact]
    public async Task OnATabletMesAchatsShowsEveryPricePhoneAndCertificate()
    {
        var (brokerId, brokerKey) = await app.CreateAccountAsync("Broker", approve: true, email: "tablette.achats@courtage.fr");
        await TestData.TopUpAsync(app.Services, brokerId, 500m);
        var (providerId, _) = await app.CreateAccountAsync("Provider", approve: true);
        await using var db = app.CreateDbContext();
        var leads = await TestData.AddLeadsAsync(db, providerId, 4, DateTimeOffset.UtcNow, "ASSURANCE_EMPRUNTEUR");
        var api = app.CreateApiClient(brokerKey);
        foreach (var lead in leads)
        {
            var hold = await (await api.PostAsync($"/api/v1/market/{lead.Id}/reserve", null)).Content.ReadFromJsonAsync<JsonElement>();
            (await api.PostAsJsonAsync($"/api/v1/reservations/{hold.GetProperty("reservationId").GetGuid()}/pay", new { method = "credits" })).EnsureSuccessStatusCode();
        }
        var page = await TabletAsync("tablette.achats@courtage.fr");

        await page.GotoAsync("/purchases");
        await page.WaitForCircuitAsync();
        await page.Locator("[data-theme='dark']").WaitForAsync();
        await Assertions.Expect(page.Locator("[data-testid=purchases] [data-lead-id]")).ToHaveCountAsync(leads.Count);

        await NothingScrollsSidewaysAsync(page, "[data-testid=purchases]");
        foreach (var lead in leads)
        {
            var row = page.Locator($"[data-lead-id='{lead.Id}']");
            await Assertions.Expect(row.GetByTestId("phone")).ToHaveTextAsync(FrenchPhone.Display(lead.Phone));
            await ShouldBeInSightAsync(row.GetByTestId("price"), $"the price of purchase {lead.Id}");
            await ShouldBeInSightAsync(row.GetByTestId("phone"), $"the phone of purchase {lead.Id}");
            await ShouldBeInSightAsync(row.GetByTestId("certificate"), $"the certificate of purchase {lead.Id}");
        }
        (await page.SeriousViolationsAsync("/purchases at 768 px, dark")).Should().BeEmpty();
    }

    [Fact]
    public async Task OnATabletMesFluxShowsEachFlowsUsageActionsAndDeliveries()
    {
        var world = new FlowWorld(app, DateTimeOffset.UtcNow);
        const string email = "tablette.flux@courtage.fr";
        var (brokerId, key) = await app.CreateAccountAsync("Broker", approve: true, email: email);
        await TestData.TopUpAsync(app.Services, brokerId, 500m);
        var flowId = await FlowWorld.FlowAsync(app.CreateApiClient(key), "35", daily: 20, weekly: 100, monthly: 300, name: "Mutuelles Ille-et-Vilaine, priorité haute");
        var leads = await world.PostAsync(await world.ProviderAsync(), "35", 4);
        var page = await TabletAsync(email);

        await page.GotoAsync("/flows");
        await page.WaitForCircuitAsync();
        await page.Locator("[data-theme='dark']").WaitForAsync();
        var card = page.Locator($"[data-flow-id='{flowId}']");
        await Assertions.Expect(card.GetByTestId("flow-today")).ToHaveTextAsync("4 / 20");
        await card.GetByTestId("flow-deliveries-toggle").ClickAsync();
        await Assertions.Expect(card.Locator("[data-delivery-id]")).ToHaveCountAsync(leads.Count);

        await NothingScrollsSidewaysAsync(page, "[data-testid=flow-deliveries]");
        foreach (var hook in new[] { "flow-today", "flow-week", "flow-month", "flow-spend", "flow-pause" })
            await ShouldBeInSightAsync(card.GetByTestId(hook), hook);
        foreach (var lead in leads)
            await ShouldBeInSightAsync(card.Locator($"[data-lead-id='{lead}']").GetByTestId("delivery-price"), $"the price of delivery {lead}");
        (await page.SeriousViolationsAsync("/flows at 768 px, dark")).Should().BeEmpty();
    }

    private async Task<IPage> TabletAsync(string email)
    {
        var page = await app.NewPageAsync(Width, 1024, ColorScheme.Dark);
        await page.LogInAsync(email, "Passw0rd!x");
        return page;
    }

    /// <summary>Neither the page nor the list's own box is wider than the screen.</summary>
    private static async Task NothingScrollsSidewaysAsync(IPage page, string list)
    {
        var widths = await page.EvaluateAsync<int[]>(
            "s => { const l = document.querySelector(s), box = l.parentElement; return [document.documentElement.scrollWidth, document.documentElement.clientWidth, box.scrollWidth, box.clientWidth]; }", list);
        widths[0].Should().BeLessThanOrEqualTo(widths[1], "the page does not scroll sideways");
        widths[2].Should().BeLessThanOrEqualTo(widths[3], "the list does not scroll sideways in its box");
    }

    /// <summary>The element's bounding box lies within the screen's width (wherever it is vertically).</summary>
    private static async Task ShouldBeInSightAsync(ILocator element, string what)
    {
        var box = await element.BoundingBoxAsync();
        box.Should().NotBeNull($"{what} is displayed");
        box!.X.Should().BeGreaterThanOrEqualTo(0, what);
        (box.X + box.Width).Should().BeLessThanOrEqualTo(Width, $"{what} is within the {Width} px screen");
    }
}
