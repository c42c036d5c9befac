using LeadsAssurance.Tests.Infrastructure;
using Microsoft.Playwright;

namespace LeadsAssurance.Tests.EndToEnd;

[Trait("Category", "Slow")]
public class RegistrationFlowTests(BrowserFixture app) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task ABrokerRegistersWaitsForApprovalAndThenReachesHisDashboard()
    {
        var broker = await app.NewPageAsync();
        var admin = await app.NewPageAsync();
        const string email = "courtier.e2e@cabinet-test.fr";

        await broker.GotoAsync("/Account/Register");
        await broker.GetByTestId("role-broker").CheckAsync();
        await broker.GetByTestId("company").FillAsync("Cabinet Test Courtage");
        await broker.GetByTestId("siren").FillAsync("732 829 320");
        await broker.GetByTestId("orias").FillAsync("12345678");
        await broker.GetByTestId("email").FillAsync(email);
        await broker.GetByTestId("password").FillAsync("Courtier!2026");
        await broker.GetByTestId("confirm").FillAsync("Courtier!2026");
        await broker.GetByTestId("register-submit").ClickAsync();
        await broker.GetByTestId("pending-account").WaitForAsync();
        await broker.GotoAsync("/market");
        await broker.GetByTestId("pending-account").WaitForAsync();

        await admin.LogInAsync(BrowserFixture.AdminEmail, BrowserFixture.AdminPassword);
        await admin.GotoAsync("/admin/accounts");
        await admin.WaitForCircuitAsync();
        var row = admin.Locator("tr", new PageLocatorOptions { HasText = email });
        await row.GetByTestId("approve").ClickAsync();
        await admin.GetByTestId("confirm").ClickAsync();
        await admin.GetByText("Cabinet Test Courtage est validé.").WaitForAsync();

        await broker.GotoAsync("/");
        await broker.WaitForURLAsync("**/dashboard");
        await Assertions.Expect(broker.GetByRole(AriaRole.Heading, new PageGetByRoleOptions { Name = "Tableau de bord" })).ToBeVisibleAsync();
        await Assertions.Expect(broker.GetByText("Courtier").First).ToBeVisibleAsync();
    }

    [Fact]
    public async Task AProviderIsRefusedOnAnAdminPage()
    {
        var (_, _) = await app.CreateAccountAsync("Provider", approve: true, email: "apporteur.e2e@example.fr");
        var page = await app.NewPageAsync();

        await page.LogInAsync("apporteur.e2e@example.fr", "Passw0rd!x");
        await page.GotoAsync("/admin/accounts");

        await page.GetByText("Accès refusé").WaitForAsync();
        await Assertions.Expect(page.Locator("[data-account-id]")).ToHaveCountAsync(0);
    }
}
