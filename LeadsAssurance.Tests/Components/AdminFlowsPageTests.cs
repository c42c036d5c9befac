using System.Net.Http.Json;
using System.Text.Json;
using Bunit;
using LeadsAssurance.Domain.Flows;
using LeadsAssurance.Tests.Infrastructure;
using LeadsAssurance.Web.Components.Pages.Admin;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;

namespace LeadsAssurance.Tests.Components;

/// <summary>/admin/flows on the running app: every broker's flows, their usage and failed webhooks, filters, suspension.</summary>
public class AdminFlowsPageTests(QuickRetryFactory app) : IClassFixture<QuickRetryFactory>
{
    private FlowWorld World => new(app, app.Clock.GetUtcNow());

    private async Task<BunitContext> AdminAsync()
    {
        var admin = (await app.CreateApiClient(AppFactory.AdminApiKey).GetFromJsonAsync<JsonElement>("/api/v1/me")).GetProperty("id").GetGuid();
        return AppPages.SignedIn(app, admin, "Admin");
    }

    private async Task<(Guid Id, string Email, HttpClient Client)> BrokerAsync(string name)
    {
        var email = $"{name}.{Guid.NewGuid():N}@courtage.fr";
        var (id, key) = await app.CreateAccountAsync("Broker", approve: true, email: email);
        await TestData.TopUpAsync(app.Services, id, 500m);
        return (id, email, app.CreateApiClient(key));
    }

    private static string Cell<TPage>(IRenderedComponent<TPage> page, Guid flowId, string testId) where TPage : IComponent =>
        page.Find($"[data-flow-id='{flowId}'] [data-testid={testId}]").TextContent.Trim();

    [Fact]
    public async Task TheAdminSeesEachFlowsBrokerUsageAndFailedDeliveriesAndFiltersThem()
    {
        await using var crm = await WebhookReceiver.StartAsync();
        crm.Answer = _ => 500;
        var delta = await BrokerAsync("delta");
        var epsilon = await BrokerAsync("epsilon");
        var failing = (await (await delta.Client.PostAsJsonAsync("/api/v1/flows", new
        {
            name = "CRM Delta", productCodes = new[] { "MUTUELLE_SANTE" }, departements = new[] { "13" }, caps = new { daily = 5, weekly = 20 }, webhookUrl = crm.Url.ToString(),
        })).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var quiet = await FlowWorld.FlowAsync(epsilon.Client, "33", name: "Flux Epsilon");
        (await epsilon.Client.PostAsync($"/api/v1/flows/{quiet}/pause", null)).EnsureSuccessStatusCode();
        var lead = (await World.PostAsync(await World.ProviderAsync(), "13", 1)).Single();
        (await app.FailAsync(lead)).Should().BeTrue();
        await using var ctx = await AdminAsync();

        var page = ctx.Render<FlowSupervision>();

        page.WaitForAssertion(() => page.Find($"[data-flow-id='{failing}']"));
        var row = page.Find($"[data-flow-id='{failing}']").TextContent;
        row.Should().Contain("CRM Delta").And.Contain("MUTUELLE_SANTE").And.Contain(delta.Email).And.Contain("Actif");
        Cell(page, failing, "today").Should().Be("1 / 5");
        Cell(page, failing, "failed-count").Should().Be("1");
        page.Find($"[data-flow-id='{quiet}']").TextContent.Should().Contain("En pause").And.Contain(Flow.PausedByBroker);
        var failed = page.Find("[data-testid=failed-webhooks]").QuerySelectorAll("tbody tr").Single(r => r.TextContent.Contains(lead.ToString()));
        failed.TextContent.Should().Contain("Broker Test SAS").And.Contain("CRM Delta").And.Contain("HTTP 500");

        page.Find("[data-testid=status-filter]").Change(nameof(FlowStatus.Paused));

        page.WaitForAssertion(() => page.FindAll($"[data-flow-id='{failing}']").Should().BeEmpty());
        page.Find($"[data-flow-id='{quiet}']");

        page.Find("[data-testid=status-filter]").Change("");
        var search = page.Find("[data-testid=broker-search]");
        (search.TagName == "INPUT" ? search : search.QuerySelector("input")!).Input(epsilon.Email);
        // The field searches after a pause in the typing, timed by the clock the page is given (the app's, which
        // stands still): it is moved on until the pause is over, however late the field starts its timer.
        await Eventually.TrueAsync(() =>
        {
            app.Clock.Advance(TimeSpan.FromMilliseconds(400));
            return page.FindAll("[data-flow-id]").Count == 1;
        });

        page.WaitForAssertion(() => page.FindAll("[data-flow-id]").Select(r => r.GetAttribute("data-flow-id")).Should().Equal(quiet.ToString()));
        page.FindAll("[data-testid=failed-webhooks]").Should().BeEmpty("epsilon's flows have no failed delivery");
    }

    [Fact]
    public async Task AnAdminSuspendsAFlowWithAReasonThatTheBrokerThenSees()
    {
        var zeta = await BrokerAsync("zeta");
        var flow = await FlowWorld.FlowAsync(zeta.Client, "31", name: "Flux Zeta");
        await using var ctx = await AdminAsync();
        var dialogs = ctx.RenderProviders();
        var page = ctx.Render<FlowSupervision>();
        page.WaitForAssertion(() => page.Find($"[data-flow-id='{flow}'] [data-testid=suspend]"));

        page.Find($"[data-flow-id='{flow}'] [data-testid=suspend]").Click();
        dialogs.WaitForAssertion(() => dialogs.Find("[data-testid=reason]"));
        var reason = dialogs.Find("[data-testid=reason]");
        (reason.TagName == "TEXTAREA" ? reason : reason.QuerySelector("textarea")!).Input("Leads revendus sans consentement");
        dialogs.Find("[data-testid=confirm]").Click();

        page.WaitForAssertion(() => page.Find($"[data-flow-id='{flow}']").TextContent.Should().Contain("Suspendu par l'administrateur : Leads revendus sans consentement"));
        page.Find($"[data-flow-id='{flow}'] [data-testid=reinstate]");
        var seen = await zeta.Client.GetFromJsonAsync<JsonElement>($"/api/v1/flows/{flow}");
        seen.GetProperty("status").GetString().Should().Be("Paused");
        seen.GetProperty("pauseReason").GetString().Should().Be("Suspendu par l'administrateur : Leads revendus sans consentement");
        await using var db = app.CreateDbContext();
        (await db.AuditLog.CountAsync(e => e.Action == "flow.admin-suspend" && e.Subject == $"flow:{flow}")).Should().Be(1);
    }
}
