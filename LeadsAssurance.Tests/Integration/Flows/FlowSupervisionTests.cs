using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LeadsAssurance.Domain;
using LeadsAssurance.Domain.Flows;
using LeadsAssurance.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LeadsAssurance.Tests.Integration.Flows;

/// <summary>The admin's view of every broker's flows: usage, failed webhooks over real HTTP, filters, and his suspension.</summary>
public class FlowSupervisionTests(QuickRetryFactory app) : IClassFixture<QuickRetryFactory>
{
    private FlowWorld World => new(app, app.Clock.GetUtcNow());
    private FlowService Flows => app.Services.GetRequiredService<FlowService>();

    /// <summary>An approved broker with credits, known by a unique e-mail, and his API client.</summary>
    private async Task<(Guid Id, string Email, HttpClient Client)> BrokerAsync(string name)
    {
        var email = $"{name}.{Guid.NewGuid():N}@courtage.fr";
        var (id, key) = await app.CreateAccountAsync("Broker", approve: true, email: email);
        await TestData.TopUpAsync(app.Services, id, 500m);
        return (id, email, app.CreateApiClient(key));
    }

    private async Task<Guid> AdminAsync() =>
        (await app.CreateApiClient(AppFactory.AdminApiKey).GetFromJsonAsync<JsonElement>("/api/v1/me")).GetProperty("id").GetGuid();

    [Fact]
    public async Task TheAdminSeesEveryFlowWithItsBrokerItsUsageAndTheDeliveriesWhoseWebhookFailed()
    {
        await using var crm = await WebhookReceiver.StartAsync();
        crm.Answer = _ => 500;
        var alpha = await BrokerAsync("alpha");
        var beta = await BrokerAsync("beta");
        var failing = (await (await alpha.Client.PostAsJsonAsync("/api/v1/flows", new
        {
            name = "CRM Alpha", productCodes = new[] { "MUTUELLE_SANTE" }, departements = new[] { "31" }, caps = new { daily = 5 }, webhookUrl = crm.Url.ToString(),
        })).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var paused = await FlowWorld.FlowAsync(beta.Client, "34", name: "Flux Beta");
        var provider = await World.ProviderAsync();
        var leads = await World.PostAsync(provider, "31", 2);
        await World.PostAsync(provider, "34", 1);
        (await beta.Client.PostAsync($"/api/v1/flows/{paused}/pause", null)).EnsureSuccessStatusCode();
        foreach (var lead in leads)
            (await app.FailAsync(lead)).Should().BeTrue("the CRM answers 500 to the call and to its one retry");

        var all = await Flows.ListAllAsync();
        var onlyPaused = await Flows.ListAllAsync(FlowStatus.Paused);
        var alphaOnly = await Flows.ListAllAsync(brokerSearch: alpha.Email.ToUpperInvariant()[..20]);
        var wildcard = await Flows.ListAllAsync(brokerSearch: "%");
        var failed = await Flows.FailedWebhooksAsync(alpha.Email);

        var a = all.Single(f => f.Flow.Id == failing);
        a.BrokerEmail.Should().Be(alpha.Email);
        a.BrokerCompany.Should().Be("Broker Test SAS");
        a.Flow.Status.Should().Be(FlowStatus.Active);
        a.Flow.Usage.Today.Should().Be(2);
        a.Flow.Caps.Daily.Should().Be(5);
        a.FailedDeliveries.Should().Be(2);
        var b = all.Single(f => f.Flow.Id == paused);
        b.Flow.Status.Should().Be(FlowStatus.Paused);
        b.PauseCause.Should().Be(FlowPauseCause.Broker);
        b.Flow.PauseReason.Should().Be(Flow.PausedByBroker);
        b.Flow.Usage.Today.Should().Be(1);
        b.FailedDeliveries.Should().Be(0);
        onlyPaused.Select(f => f.Flow.Id).Should().Contain(paused).And.NotContain(failing);
        alphaOnly.Select(f => f.Flow.Id).Should().Equal(failing);
        wildcard.Should().BeEmpty("a % typed by the admin is a character, not a wildcard");
        failed.Total.Should().Be(2);
        failed.Latest.Select(w => w.LeadId).Should().BeEquivalentTo(leads);
        failed.Latest.Should().OnlyContain(w => w.FlowId == failing && w.FlowName == "CRM Alpha" && w.BrokerId == alpha.Id
            && w.Attempts == 2 && w.LastError == "HTTP 500" && w.LastAttemptAt > w.CreatedAt);
        (await Flows.FailedWebhooksAsync(beta.Email)).Total.Should().Be(0);
    }

    [Fact]
    public async Task AnAdminSuspensionIsAuditedShownToTheBrokerAndLiftedByTheAdminAlone()
    {
        var broker = await BrokerAsync("gamma");
        var flow = await FlowWorld.FlowAsync(broker.Client, "59", autoResume: true);
        var admin = await AdminAsync();

        var suspended = await Flows.SuspendAsync(admin, flow, "  Webhook refusé depuis trois jours ");
        var resume = await broker.Client.PostAsync($"/api/v1/flows/{flow}/resume", null);
        var pause = await broker.Client.PostAsync($"/api/v1/flows/{flow}/pause", null);
        var lead = (await World.PostAsync(await World.ProviderAsync(), "59", 1)).Single();
        await TestData.TopUpAsync(app.Services, broker.Id, 100m);
        var seen = await broker.Client.GetFromJsonAsync<JsonElement>($"/api/v1/flows/{flow}");

        suspended.Status.Should().Be(FlowStatus.Paused);
        suspended.PauseReason.Should().Be("Suspendu par l'administrateur : Webhook refusé depuis trois jours");
        resume.StatusCode.Should().Be(HttpStatusCode.Conflict);
        pause.StatusCode.Should().Be(HttpStatusCode.Conflict, "a broker's pause would turn the admin's into one he can lift");
        (await World.PurchasesByFlowAsync([flow]))[flow].Should().Be(0, "a suspended flow buys nothing");
        (await FlowWorld.ListedAsync(broker.Client, "59")).Should().Be(1, $"lead {lead} is listed on the market instead");
        seen.GetProperty("status").GetString().Should().Be("Paused", "a top-up resumes flows paused for credits, not this one");
        seen.GetProperty("pauseReason").GetString().Should().Be(suspended.PauseReason);
        await using (var db = app.CreateDbContext())
            (await db.AuditLog.SingleAsync(e => e.Subject == $"flow:{flow}" && e.Action == "flow.admin-suspend"))
                .Should().Match<LeadsAssurance.Domain.Audit.AuditEntry>(e => e.ActorId == admin && e.Details == "Flux test · Webhook refusé depuis trois jours");

        var reinstated = await Flows.ReinstateAsync(admin, flow, "CRM réparé");
        var again = () => Flows.ReinstateAsync(admin, flow);

        reinstated.Status.Should().Be(FlowStatus.Active);
        reinstated.PauseReason.Should().BeNull();
        (await broker.Client.PostAsync($"/api/v1/flows/{flow}/pause", null)).StatusCode.Should().Be(HttpStatusCode.OK, "the broker has his flow back");
        await again.Should().ThrowAsync<ConflictException>();
        await using (var db = app.CreateDbContext())
            (await db.AuditLog.CountAsync(e => e.Subject == $"flow:{flow}" && e.Action == "flow.admin-reinstate" && e.ActorId == admin)).Should().Be(1);
        var empty = () => Flows.SuspendAsync(admin, flow, " ");
        await empty.Should().ThrowAsync<ValidationFailedException>();
    }
}
