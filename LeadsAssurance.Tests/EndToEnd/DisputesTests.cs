using LeadsAssurance.Tests.Infrastructure;
using Microsoft.Playwright;

namespace LeadsAssurance.Tests.EndToEnd;

/// <summary>
/// A broker disputes a purchase from "Mes achats" in his browser; the admin accepts it in /admin/disputes in hers; the
/// broker's balance chip and the purchase's status change without a reload.
/// </summary>
[Trait("Category", "Slow")]
public class DisputesTests(BrowserFixture app) : IClassFixture<BrowserFixture>
{
    private const string Password = "Passw0rd!x";

    [Fact]
    public async Task ABrokerDisputesFromMesAchatsAndSeesTheAdminsRefundWithoutReload()
    {
        var world = new DisputeWorld(app);
        var (_, api, _) = await world.BrokerAsync(100m, "litige@courtage.fr");
        var lead = (await world.BuyAsync(api))[0];
        var balanceAfterPurchase = (100m - lead.Price).ToString("N2", LeadsAssurance.Domain.France.Culture);

        var broker = await app.NewPageAsync();
        await broker.LogInAsync("litige@courtage.fr", Password);
        await broker.GotoAsync("/purchases");
        await broker.WaitForCircuitAsync();
        var row = broker.Locator($"[data-lead-id='{lead.Id}']");
        await Assertions.Expect(broker.GetByTestId("balance")).ToContainTextAsync(balanceAfterPurchase);
        await row.GetByTestId("dispute").ClickAsync();
        var select = broker.Locator(".mud-dialog .mud-select").First;
        await select.Locator(".mud-input-slot, .mud-select-input").First.ClickAsync();
        await broker.Locator(".mud-popover-open .mud-list-item").Filter(new LocatorFilterOptions { HasText = "Faux numéro / numéro non attribué" }).First.ClickAsync();
        await broker.Locator("[data-testid=dispute-comment] textarea, textarea[data-testid=dispute-comment]").First.FillAsync("« Le numéro que vous avez demandé n'est pas attribué ».");
        await broker.GetByTestId("dispute-submit").ClickAsync();
        await Assertions.Expect(row.GetByTestId("dispute-status")).ToHaveTextAsync("Contestation en cours");

        var admin = await app.NewPageAsync();
        await admin.LogInAsync(AppFactory.AdminEmail, AppFactory.AdminPassword);
        await admin.GotoAsync("/admin/disputes");
        await admin.WaitForCircuitAsync();
        var queued = admin.Locator($"tr[data-lead-id='{lead.Id}']");
        await Assertions.Expect(queued).ToContainTextAsync("Faux numéro / numéro non attribué");
        await queued.GetByTestId("accept").ClickAsync();
        await admin.Locator("[data-testid=reason] textarea, textarea[data-testid=reason]").First.FillAsync("Numéro vérifié : non attribué.");
        await admin.GetByTestId("confirm").ClickAsync();
        await Assertions.Expect(queued).ToHaveCountAsync(0);

        await Assertions.Expect(row.GetByTestId("dispute-status")).ToHaveTextAsync($"Remboursé {lead.Price.ToString("C2", LeadsAssurance.Domain.France.Culture)}");
        await Assertions.Expect(row.GetByTestId("decision-note")).ToHaveTextAsync("Numéro vérifié : non attribué.");
        await Assertions.Expect(broker.GetByTestId("balance")).ToContainTextAsync(100m.ToString("N2", LeadsAssurance.Domain.France.Culture));
    }
}
