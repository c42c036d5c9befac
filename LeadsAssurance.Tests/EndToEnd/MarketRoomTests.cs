using LeadsAssurance.Domain.Accounts;
using LeadsAssurance.Tests.Infrastructure;
using Microsoft.Playwright;

namespace LeadsAssurance.Tests.EndToEnd;

[Trait("Category", "Slow")]
public class MarketRoomTests(BrowserFixture app) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task WhenBrokerABuysALeadBrokerBsGridLosesTheRowWithoutReloadAndAReadsTheContact()
    {
        var (aId, _) = await app.CreateAccountAsync("Broker", approve: true, email: "a.market@courtage.fr");
        await app.CreateAccountAsync("Broker", approve: true, email: "b.market@courtage.fr");
        await TestData.TopUpAsync(app.Services, aId, 300m);
        await using var db = app.CreateDbContext();
        var provider = (await TestData.AddAccountsAsync(db, AccountRole.Provider, 1, DateTimeOffset.UtcNow))[0];
        var lead = (await TestData.AddLeadsAsync(db, provider, 3, DateTimeOffset.UtcNow, "CREDIT_IMMO"))[0];
        var a = await app.NewPageAsync();
        var b = await app.NewPageAsync();
        await a.LogInAsync("a.market@courtage.fr", "Passw0rd!x");
        await b.LogInAsync("b.market@courtage.fr", "Passw0rd!x");
        foreach (var page in new[] { a, b })
        {
            await page.GotoAsync("/market");
            await page.WaitForCircuitAsync();
            await page.Locator($"[data-lead-id='{lead.Id}']").WaitForAsync();
        }
        await Assertions.Expect(a.GetByTestId("balance")).ToContainTextAsync("300,00");

        await a.Locator($"[data-lead-id='{lead.Id}']").GetByTestId("buy").ClickAsync();
        await a.GetByTestId("pay-credits").ClickAsync();
        await a.GetByTestId("revealed-contact").WaitForAsync();

        await b.Locator($"[data-lead-id='{lead.Id}']").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Detached, Timeout = 5000 });
        await Assertions.Expect(a.GetByTestId("revealed-contact")).ToContainTextAsync(LeadsAssurance.Domain.Leads.FrenchPhone.Display(lead.Phone));
        await Assertions.Expect(a.GetByTestId("revealed-contact")).ToContainTextAsync(lead.Email);
        (await b.ContentAsync()).ShouldNotReveal(Contact.Of(lead), "the other broker's market room");
        await a.GetByTestId("balance").Filter(new LocatorFilterOptions { HasText = (300m - lead.Price).ToString("0.00", System.Globalization.CultureInfo.GetCultureInfo("fr-FR")) }).WaitForAsync();
    }
}
