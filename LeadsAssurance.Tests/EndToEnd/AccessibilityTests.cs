using System.Net.Http.Json;
using System.Text.Json;
using LeadsAssurance.Domain.Flows;
using LeadsAssurance.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace LeadsAssurance.Tests.EndToEnd;

/// <summary>
/// axe-core's WCAG 2 A/AA rules over every page a broker, a provider, an admin and a visitor opens, in the light and the
/// dark theme: no serious or critical violation. Pages hold data (leads on sale, a purchase, accounts) so that their
/// tables, chips and figures are audited, not their empty states.
/// </summary>
[Trait("Category", "Slow")]
public class AccessibilityTests(AccessibilityTests.World app) : IClassFixture<AccessibilityTests.World>
{
    private const string Password = "Passw0rd!x";

    /// <summary>
    /// A market with leads, a broker who bought one there and one through his flow, a provider who sent them, and
    /// another broker's flow whose CRM refuses every delivery (its one retry comes half a second later).
    /// </summary>
    public sealed class World : BrowserFixture
    {
        public const string BrokerEmail = "audit.courtier@courtage.fr";
        public const string ProviderEmail = "audit.apporteur@leads.fr";
        public string ProofHash { get; private set; } = "";
        private WebhookReceiver? _crm;

        public World()
        {
            Settings["Flows:WebhookRetryDelays:0"] = "00:00:00.5";
            Settings["Flows:WebhookPollInterval"] = "00:00:00.5";
        }

        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            var (brokerId, brokerKey) = await CreateAccountAsync("Broker", approve: true, email: BrokerEmail);
            var (providerId, providerKey) = await CreateAccountAsync("Provider", approve: true, email: ProviderEmail);
            await CreateAccountAsync("Broker", approve: false);
            await TestData.TopUpAsync(Services, brokerId, 500m);
            await using var db = CreateDbContext();
            // Not Mutuelle santé: TestData's phone numbers would meet those of the flows' leads posted below, as duplicates.
            var leads = await TestData.AddLeadsAsync(db, providerId, 6, DateTimeOffset.UtcNow, "ASSURANCE_AUTO");
            await TestData.AddLeadsAsync(db, providerId, 3, DateTimeOffset.UtcNow, "CREDIT_IMMO", exclusive: false);
            var broker = CreateApiClient(brokerKey);
            var hold = await (await broker.PostAsync($"/api/v1/market/{leads[0].Id}/reserve", null)).Content.ReadFromJsonAsync<JsonElement>();
            (await broker.PostAsJsonAsync($"/api/v1/reservations/{hold.GetProperty("reservationId").GetGuid()}/pay", new { method = "credits" })).EnsureSuccessStatusCode();
            ProofHash = await db.ConsentRecords.Where(c => c.LeadId == leads[0].Id).Select(c => c.ProofHash).SingleAsync();
            await FlowsAsync(broker, CreateApiClient(providerKey));
        }

        /// <summary>A delivery of the audit broker's flow, and another broker's delivery whose webhook failed.</summary>
        private async Task FlowsAsync(HttpClient broker, HttpClient provider)
        {
            var world = new FlowWorld(this, DateTimeOffset.UtcNow);
            await FlowWorld.FlowAsync(broker, "13", name: "Mutuelles Marseille");
            _crm = await WebhookReceiver.StartAsync();
            _crm.Answer = _ => 500;
            var (_, other) = await world.BrokerAsync(200m);
            (await other.PostAsJsonAsync("/api/v1/flows", new
            {
                name = "CRM Bordeaux", productCodes = new[] { "MUTUELLE_SANTE" }, departements = new[] { "33" }, caps = new { daily = 10 }, webhookUrl = _crm.Url.ToString(),
            })).EnsureSuccessStatusCode();
            await world.PostAsync(provider, "13", 1);
            await world.PostAsync(provider, "33", 1);
            await using var db = CreateDbContext();
            (await Eventually.TrueAsync(() => db.FlowDeliveries.AnyAsync(d => d.Status == FlowDeliveryStatus.Failed), TimeSpan.FromSeconds(30)))
                .Should().BeTrue("the CRM refuses the delivery and its retry");
        }

        public override async ValueTask DisposeAsync()
        {
            await base.DisposeAsync();
            if (_crm is not null)
                await _crm.DisposeAsync();
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task BrokerPagesHaveNoSeriousViolations(bool dark)
    {
        var page = await SignedInAsync(World.BrokerEmail, Password, dark);
        var found = new List<string>();

        await OpenAsync(page, "/market", dark);
        await page.Locator("[data-lead-id]").First.WaitForAsync();
        found.AddRange(await page.SeriousViolationsAsync("/market"));
        await page.Locator("[data-lead-id]").First.GetByTestId("buy").ClickAsync();
        await page.GetByTestId("pay-credits").WaitForAsync();
        found.AddRange(await page.SeriousViolationsAsync("/market, hold dialog"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Libérer" }).ClickAsync();
        foreach (var path in new[] { "/dashboard", "/purchases", "/credits", "/flows", "/flows/new", "/api-keys", "/partner-names" })
            found.AddRange(await AuditAsync(page, path, dark));
        // A flow's card with its delivery log open, and the form generated for a product with its criteria.
        await OpenAsync(page, "/flows", dark);
        await page.GetByTestId("flow-deliveries-toggle").First.ClickAsync();
        await page.Locator("[data-delivery-id]").First.WaitForAsync();
        found.AddRange(await page.SeriousViolationsAsync("/flows, delivery log"));
        await page.Locator("[data-flow-id]").First.GetByRole(AriaRole.Button, new() { Name = "Autres actions pour le flux Mutuelles Marseille" }).ClickAsync();
        await page.GetByRole(AriaRole.Menuitem, new() { Name = "Modifier" }).ClickAsync();
        await page.Locator("[data-criterion]").First.WaitForAsync();
        found.AddRange(await page.SeriousViolationsAsync("/flows/{id}/edit"));
        // Account management stays statically rendered (no circuit, the light theme).
        await page.GotoAsync("/Account/Manage");
        found.AddRange(await page.SeriousViolationsAsync("/Account/Manage"));

        found.Count.Should().Be(0, Report(found));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AdminPagesHaveNoSeriousViolations(bool dark)
    {
        var page = await SignedInAsync(AppFactory.AdminEmail, AppFactory.AdminPassword, dark);
        var found = new List<string>();

        foreach (var path in new[] { "/admin", "/admin/accounts", "/admin/catalog", "/admin/catalog/MUTUELLE_SANTE", "/admin/flows", "/admin/consents", "/admin/disputes", "/admin/payouts", "/admin/catalog/new", "/admin/access-trail", "/admin/audit", "/admin/privacy", "/admin/opposition" })
            found.AddRange(await AuditAsync(page, path, dark));

        found.Count.Should().Be(0, Report(found));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ProviderPagesHaveNoSeriousViolations(bool dark)
    {
        var page = await SignedInAsync(World.ProviderEmail, Password, dark);
        var found = new List<string>();

        foreach (var path in new[] { "/provider", "/provider/leads", "/provider/leads/new", "/provider/import", "/provider/returns", "/provider/api-keys", "/provider/partner-lists" })
            found.AddRange(await AuditAsync(page, path, dark));

        found.Count.Should().Be(0, Report(found));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task PublicPagesHaveNoSeriousViolations(bool dark)
    {
        var page = await app.NewPageAsync(colorScheme: dark ? ColorScheme.Dark : ColorScheme.Light);
        var found = new List<string>();

        foreach (var path in new[] { "/Account/Login", "/Account/Register", "/Account/ForgotPassword", "/privacy" })
        {
            await page.GotoAsync(path);
            found.AddRange(await page.SeriousViolationsAsync(path));
        }
        found.AddRange(await AuditAsync(page, $"/verify/{app.ProofHash}", dark));

        found.Count.Should().Be(0, Report(found));
    }

    private async Task<IPage> SignedInAsync(string email, string password, bool dark)
    {
        var page = await app.NewPageAsync(colorScheme: dark ? ColorScheme.Dark : ColorScheme.Light);
        await page.LogInAsync(email, password);
        return page;
    }

    /// <summary>Opens an interactive page in the theme asked for, waits for its data (no skeleton left), and audits it.</summary>
    private static async Task<IReadOnlyList<string>> AuditAsync(IPage page, string path, bool dark)
    {
        await OpenAsync(page, path, dark);
        return await page.SeriousViolationsAsync(path);
    }

    private static async Task OpenAsync(IPage page, string path, bool dark)
    {
        await page.GotoAsync(path);
        await page.WaitForCircuitAsync();
        await page.Locator($"[data-theme='{(dark ? "dark" : "light")}']").WaitForAsync();
        await Assertions.Expect(page.Locator(".mud-skeleton")).ToHaveCountAsync(0);
    }

    private static string Report(List<string> found) =>
        $"axe found {found.Count} serious or critical violation(s):{Environment.NewLine}{string.Join(Environment.NewLine, found)}";
}
