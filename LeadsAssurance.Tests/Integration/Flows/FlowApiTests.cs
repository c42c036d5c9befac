using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LeadsAssurance.Domain.Flows;
using LeadsAssurance.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LeadsAssurance.Tests.Integration.Flows;

/// <summary>The "Flows (broker)" section of API.md, as a broker's CRM calls it.</summary>
public class FlowApiTests(MarketFactory app) : IClassFixture<MarketFactory>
{
    private FlowWorld World => new(app, app.Clock.GetUtcNow());

    private static object Body(string? webhookUrl = "https://crm.exemple.fr/webhooks/leads") => new
    {
        name = "Mutuelles seniors Rhône",
        productCodes = new[] { "MUTUELLE_SANTE" },
        departements = new[] { "69", "01" },
        maxPrice = 25.5m,
        exclusive = (bool?)null,
        maxConsentAgeHours = 48,
        attributes = new Dictionary<string, object> { ["regime"] = new { @in = new[] { "general", "retraite" } } },
        caps = new { daily = 10, weekly = 40, monthly = 120, monthlySpend = 1500m },
        schedule = new { days = new[] { 1, 2, 3, 4, 5 }, from = "08:30", to = "19:00" },
        priority = 7,
        webhookUrl,
        autoResume = true,
    };

    [Fact]
    public async Task CreatingAFlowAnswers201WithItsBodyAndTheSecretOnce()
    {
        var (_, broker) = await World.BrokerAsync();

        var response = await broker.PostAsJsonAsync("/api/v1/flows", Body());

        response.StatusCode.Should().Be(HttpStatusCode.Created);
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        var id = created.GetProperty("id").GetGuid();
        response.Headers.Location!.ToString().Should().Be($"/api/v1/flows/{id}");
        created.GetProperty("status").GetString().Should().Be("Active");
        created.GetProperty("webhookSecret").GetString().Should().MatchRegex("^whsec_[0-9a-f]{64}$");
        created.GetProperty("name").GetString().Should().Be("Mutuelles seniors Rhône");
        created.GetProperty("maxPrice").GetDecimal().Should().Be(25.5m);
        created.GetProperty("exclusive").ValueKind.Should().Be(JsonValueKind.Null);
        created.GetProperty("priority").GetInt32().Should().Be(7);
        created.GetProperty("caps").GetProperty("monthlySpend").GetDecimal().Should().Be(1500m);
        created.GetProperty("schedule").GetProperty("from").GetString().Should().Be("08:30");
        created.GetProperty("attributes").GetProperty("regime").GetProperty("in").EnumerateArray().Select(v => v.GetString()).Should().Equal("general", "retraite");
        var listed = (await broker.GetFromJsonAsync<JsonElement>("/api/v1/flows")).EnumerateArray().Single();
        listed.GetProperty("id").GetGuid().Should().Be(id);
        listed.TryGetProperty("webhookSecret", out _).Should().BeFalse("the secret is shown once");
        await using var db = app.CreateDbContext();
        var stored = (await db.Flows.SingleAsync(f => f.Id == id)).WebhookSecret!;
        stored.Should().NotContain(created.GetProperty("webhookSecret").GetString()!, "it is protected at rest");
        app.Services.GetRequiredService<FlowSecrets>().Unprotect(stored).Should().Be(created.GetProperty("webhookSecret").GetString());
    }

    [Fact]
    public async Task AnInvalidFlowIsRefusedWithFrenchErrorsPerField()
    {
        var (_, broker) = await World.BrokerAsync();

        var response = await broker.PostAsJsonAsync("/api/v1/flows", new
        {
            name = "",
            productCodes = new[] { "MUTUELLE_SANTE", "INCONNU" },
            departements = new[] { "99" },
            attributes = new Dictionary<string, object>
            {
                ["regime"] = new { @in = new[] { "martien" } },
                ["dateNaissance"] = new { min = 1 },
                ["niveau"] = new { min = 1, max = 3 },
            },
            caps = new { daily = 0 },
            schedule = new { days = new[] { 0, 8 }, from = "25:00", to = "18:00" },
            priority = 11,
            webhookUrl = "ftp://crm.exemple.fr",
        });

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        string First(string field) => errors.GetProperty(field)[0].GetString()!;
        First("name").Should().Be("Le nom du flux est obligatoire.");
        First("productCodes").Should().Contain("Produit inconnu : « INCONNU »");
        First("departements").Should().Contain("Département inconnu");
        First("attributes.regime").Should().Contain("martien").And.Contain("n'existe pas");
        First("attributes.dateNaissance").Should().Contain("n'est pas un critère filtrable");
        First("attributes.niveau").Should().Contain("n'est pas un nombre");
        First("caps.daily").Should().Contain("plafond par jour");
        First("schedule.days").Should().Contain("1 (lundi) à 7 (dimanche)");
        First("schedule.from").Should().Contain("Heure invalide");
        First("priority").Should().Contain("de 1 à 10");
        First("webhookUrl").Should().Contain("http:// ou https://");
    }

    [Fact]
    public async Task AnotherBrokersFlowIsNotFound()
    {
        var (_, owner) = await World.BrokerAsync();
        var (_, other) = await World.BrokerAsync();
        var id = (await (await owner.PostAsJsonAsync("/api/v1/flows", Body())).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        var answers = new[]
        {
            await other.GetAsync($"/api/v1/flows/{id}"),
            await other.PutAsJsonAsync($"/api/v1/flows/{id}", Body()),
            await other.PostAsync($"/api/v1/flows/{id}/pause", null),
            await other.PostAsync($"/api/v1/flows/{id}/resume", null),
            await other.PostAsync($"/api/v1/flows/{id}/rotate-secret", null),
            await other.GetAsync($"/api/v1/flows/{id}/deliveries"),
            await other.DeleteAsync($"/api/v1/flows/{id}"),
        };

        answers.Select(a => a.StatusCode).Should().AllBeEquivalentTo(HttpStatusCode.NotFound);
        (await other.GetFromJsonAsync<JsonElement>("/api/v1/flows")).GetArrayLength().Should().Be(0);
        (await owner.GetAsync($"/api/v1/flows/{id}")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task ABrokerPausesResumesEditsRotatesAndDeletesHisFlow()
    {
        var (_, broker) = await World.BrokerAsync();
        var created = await (await broker.PostAsJsonAsync("/api/v1/flows", Body())).Content.ReadFromJsonAsync<JsonElement>();
        var id = created.GetProperty("id").GetGuid();

        var paused = await broker.PostAsync($"/api/v1/flows/{id}/pause", null);
        var pausedBody = await paused.Content.ReadFromJsonAsync<JsonElement>();
        var pauseReason = (await broker.GetFromJsonAsync<JsonElement>($"/api/v1/flows/{id}")).GetProperty("pauseReason").GetString();
        var resumed = await (await broker.PostAsync($"/api/v1/flows/{id}/resume", null)).Content.ReadFromJsonAsync<JsonElement>();
        var edited = await broker.PutAsJsonAsync($"/api/v1/flows/{id}", new { name = "Renommé", productCodes = new[] { "ASSURANCE_AUTO" }, priority = 2 });
        var editedBody = await edited.Content.ReadFromJsonAsync<JsonElement>();
        var rotated = await broker.PostAsync($"/api/v1/flows/{id}/rotate-secret", null);
        var withHook = await (await broker.PutAsJsonAsync($"/api/v1/flows/{id}", Body())).Content.ReadFromJsonAsync<JsonElement>();
        var rotatedAgain = await (await broker.PostAsync($"/api/v1/flows/{id}/rotate-secret", null)).Content.ReadFromJsonAsync<JsonElement>();
        var deleted = await broker.DeleteAsync($"/api/v1/flows/{id}");

        paused.StatusCode.Should().Be(HttpStatusCode.OK);
        pausedBody.GetProperty("id").GetGuid().Should().Be(id);
        pausedBody.GetProperty("status").GetString().Should().Be("Paused");
        pauseReason.Should().Be("Mis en pause par le courtier");
        resumed.GetProperty("status").GetString().Should().Be("Active");
        edited.StatusCode.Should().Be(HttpStatusCode.OK);
        editedBody.GetProperty("name").GetString().Should().Be("Renommé");
        editedBody.GetProperty("priority").GetInt32().Should().Be(2);
        editedBody.GetProperty("webhookUrl").ValueKind.Should().Be(JsonValueKind.Null);
        rotated.StatusCode.Should().Be(HttpStatusCode.BadRequest, "a flow without a webhook has no secret");
        withHook.GetProperty("webhookSecret").GetString().Should().StartWith("whsec_", "a first webhook URL comes with its secret");
        rotatedAgain.GetProperty("webhookSecret").GetString().Should().StartWith("whsec_").And.NotBe(withHook.GetProperty("webhookSecret").GetString());
        deleted.StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await broker.GetAsync($"/api/v1/flows/{id}")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await broker.GetFromJsonAsync<JsonElement>("/api/v1/flows")).GetArrayLength().Should().Be(0);
        await using var db = app.CreateDbContext();
        (await db.Flows.SingleAsync(f => f.Id == id)).Status.Should().Be(FlowStatus.Deleted, "deletion is soft");
    }

    [Fact]
    public async Task OnlyAFailedDeliveryOfTheBrokersOwnFlowCanBeResent()
    {
        // The whole resend path (failure, e-mail, 202, delivered) runs over real HTTP in FlowWebhookTests.
        var world = World;
        var (_, broker) = await world.BrokerAsync();
        var flow = await FlowWorld.FlowAsync(broker, "34", webhookUrl: "https://crm.exemple.fr/hook");
        var (_, other) = await world.BrokerAsync();
        var leadId = (await world.PostAsync(await world.ProviderAsync(), "34", 1)).Single();
        var delivery = (await broker.GetFromJsonAsync<JsonElement>($"/api/v1/flows/{flow}/deliveries")).EnumerateArray().Single();
        var deliveryId = delivery.GetProperty("id").GetGuid();

        var pending = await broker.PostAsync($"/api/v1/deliveries/{deliveryId}/resend", null);
        var foreign = await other.PostAsync($"/api/v1/deliveries/{deliveryId}/resend", null);

        delivery.GetProperty("leadId").GetGuid().Should().Be(leadId);
        delivery.GetProperty("price").GetDecimal().Should().BeGreaterThan(0);
        delivery.GetProperty("status").GetString().Should().Be("Pending", "its CRM has not accepted it yet");
        pending.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity, "only a failed delivery is resent");
        foreign.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task FlowsAreForBrokersKeysAndRefuseChangesByCookieAlone()
    {
        var provider = await World.ProviderAsync();
        (await provider.GetAsync("/api/v1/flows")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await provider.PostAsJsonAsync("/api/v1/flows", Body())).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await app.CreateApiClient(null).GetAsync("/api/v1/flows")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        var email = $"courtier-{Guid.NewGuid():N}@exemple.fr";
        await app.CreateAccountAsync("Broker", approve: true, email);
        var cookie = await app.CreateCookieClientAsync(email, "Passw0rd!x");

        (await cookie.GetAsync("/api/v1/flows")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await cookie.PostAsJsonAsync("/api/v1/flows", Body())).StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task PurchasesCarryTheFlowThatBoughtThemInJsonAndCsv()
    {
        var world = World;
        var (_, broker) = await world.BrokerAsync();
        var flow = await FlowWorld.FlowAsync(broker, "37", daily: 1, name: "Flux Touraine");
        var provider = await world.ProviderAsync();
        var ids = await world.PostAsync(provider, "37", 2);
        var marketLead = ids.Single(id => id != (app.CreateDbContext().Purchases.Single(p => p.FlowId == flow).LeadId));
        var hold = await (await broker.PostAsync($"/api/v1/market/{marketLead}/reserve", null)).Content.ReadFromJsonAsync<JsonElement>();
        (await broker.PostAsJsonAsync($"/api/v1/reservations/{hold.GetProperty("reservationId").GetGuid()}/pay", new { method = "credits" })).EnsureSuccessStatusCode();

        var purchases = (await broker.GetFromJsonAsync<JsonElement>("/api/v1/purchases")).EnumerateArray().ToList();
        var csv = await broker.GetStringAsync("/api/v1/purchases.csv");

        purchases.Should().HaveCount(2);
        purchases.Single(p => p.GetProperty("id").GetGuid() == marketLead).GetProperty("flowId").ValueKind.Should().Be(JsonValueKind.Null);
        purchases.Single(p => p.GetProperty("id").GetGuid() != marketLead).GetProperty("flowId").GetGuid().Should().Be(flow);
        var lines = csv.TrimStart('\uFEFF').Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray();
        lines[0].Should().EndWith(";Lead;Téléphone (E.164);Flux;Flux (id);Contact effacé (RGPD) le");
        lines.Should().Contain(l => l.EndsWith($";Flux Touraine;{flow};"));
        lines.Should().Contain(l => l.Contains(marketLead.ToString()) && l.EndsWith(";;;"));
    }

    [Fact]
    public async Task TheEstimateCountsMatchingLeadsOfTheLastThirtyDaysPerDay()
    {
        var world = World;
        await world.PostAsync(await world.ProviderAsync(), "45", 6);

        var estimate = await world.Flows.EstimateAsync(new FlowRequest("Estimation", ["MUTUELLE_SANTE"], ["45"],
            Attributes: new Dictionary<string, FlowAttributeFilter> { ["regime"] = new([JsonDocument.Parse("\"general\"").RootElement]) }));
        var none = await world.Flows.EstimateAsync(new FlowRequest("Estimation", ["MUTUELLE_SANTE"], ["45"],
            Attributes: new Dictionary<string, FlowAttributeFilter> { ["regime"] = new([JsonDocument.Parse("\"tns\"").RootElement]) }));

        estimate.Matching.Should().Be(6);
        estimate.PerDay.Should().Be(0.2m);
        none.Matching.Should().Be(0);
    }
}
