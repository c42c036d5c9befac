using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Bunit;
using LeadsAssurance.Tests.Infrastructure;
using LeadsAssurance.Web.Components.Pages.Admin;
using LeadsAssurance.Web.Components.Pages.Provider;

namespace LeadsAssurance.Tests.Components;

/// <summary>A broker's recorded calls as evidence of a return: in the admin's queue, in the API's disputes, on the provider's "Retours".</summary>
public class DisputeCallEvidenceTests(MarketFactory app) : IClassFixture<MarketFactory>
{
    [Fact]
    public async Task TheQueueShowsTheBrokersCallsInParisTimeFlagsTheOneOutsideTheLegalHoursAndSumsThemUp()
    {
        // The fixture's clock: Tuesday 24 November 2026, 09:00 UTC = 10:00 in Paris, a legal time; 21:00 in Paris is not.
        var world = new DisputeWorld(app);
        var (_, broker, _) = await world.BrokerAsync();
        var lead = (await world.BuyAsync(broker))[0];
        (await broker.PostAsJsonAsync($"/api/v1/purchases/{lead.Id}/calls", new { outcome = "NoAnswer" })).StatusCode.Should().Be(HttpStatusCode.Created);
        app.Clock.Advance(TimeSpan.FromHours(11));
        (await broker.PostAsJsonAsync($"/api/v1/purchases/{lead.Id}/calls", new { outcome = "Voicemail" })).StatusCode.Should().Be(HttpStatusCode.Created);
        var disputeId = await DisputeWorld.OpenAsync(broker, lead.Id, "Unreachable");

        var admin = (await world.Admin.GetFromJsonAsync<JsonElement>("/api/v1/me")).GetProperty("id").GetGuid();
        await using var adminCtx = AppPages.SignedIn(app, admin, "Admin");
        var queue = adminCtx.Render<Disputes>();
        queue.WaitForAssertion(() => queue.Find($"tr[data-dispute-id='{disputeId}'] [data-testid=call-summary]").TextContent
            .Should().Contain("2 appels en 1 jour, dont 1 hors des heures légales"));
        var attempts = queue.FindAll($"tr[data-dispute-id='{disputeId}'] [data-testid=call-attempt]");
        attempts.Select(a => a.TextContent).Should().SatisfyRespectively(
            first => first.Should().Contain("24/11/2026 10:00").And.Contain("Pas de réponse").And.NotContain("hors heures légales"),
            second => second.Should().Contain("24/11/2026 21:00").And.Contain("Messagerie").And.Contain("hors heures légales"));

        var listed = await broker.GetFromJsonAsync<JsonElement>("/api/v1/disputes");
        listed.EnumerateArray().Single(d => d.GetProperty("id").GetGuid() == disputeId).GetProperty("callAttempts").GetInt32().Should().Be(2);
        await using var providerCtx = AppPages.SignedIn(app, lead.ProviderId, "Provider");
        var returns = providerCtx.Render<Returns>();
        returns.WaitForAssertion(() => returns.Find("[data-testid=return-calls]").TextContent.Should().Contain("2 appels notés par le courtier"));
    }
}
