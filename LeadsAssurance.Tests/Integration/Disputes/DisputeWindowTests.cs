using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LeadsAssurance.Tests.Infrastructure;

namespace LeadsAssurance.Tests.Integration.Disputes;

/// <summary>The dispute window (Market:DisputeWindow, 7 days): this test moves its app's clock, so it runs an app of its own.</summary>
public class DisputeWindowTests
{
    [Fact]
    public async Task APurchaseCanBeDisputedUntilSevenDaysAfterItAndNotOnceTheyPassed()
    {
        await using var app = await AppFactory.StartAsync<MarketFactory>();
        var world = new DisputeWorld(app);
        var (_, broker, _) = await world.BrokerAsync();
        var leads = await world.BuyAsync(broker, 2);

        app.Clock.Advance(TimeSpan.FromDays(7) - TimeSpan.FromMinutes(1));
        var lastMinute = await DisputeWorld.DisputeAsync(broker, leads[0].Id);
        app.Clock.Advance(TimeSpan.FromMinutes(2));
        var tooLate = await DisputeWorld.DisputeAsync(broker, leads[1].Id);

        lastMinute.StatusCode.Should().Be(HttpStatusCode.Created);
        tooLate.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        (await tooLate.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString()
            .Should().Be("Le délai de contestation de 7 jours après l'achat est dépassé (achat du 24/11/2026 à 10:00).");
    }
}
