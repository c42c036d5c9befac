using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LeadsAssurance.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace LeadsAssurance.Tests.Integration;

/// <summary>A broker records his calls to a lead he bought: the window of the consent, the legal hours and the four-attempt limit.</summary>
public class CallAttemptTests(MarketFactory app) : IClassFixture<MarketFactory>
{
    private readonly DisputeWorld _world = new(app);

    [Fact]
    public async Task CallsAreRecordedCountedAgainstTheLimitAndFlaggedOutsideTheLegalHours()
    {
        // The fixture's clock: Tuesday 24 November 2026, 09:00 UTC = 10:00 in Paris.
        var (_, broker, _) = await _world.BrokerAsync();
        var lead = (await _world.BuyAsync(broker))[0];

        var status = await broker.GetFromJsonAsync<JsonElement>($"/api/v1/purchases/{lead.Id}/calls");
        status.GetProperty("callingTimeNow").GetBoolean().Should().BeTrue();
        status.GetProperty("windowOpen").GetBoolean().Should().BeTrue();
        status.GetProperty("callWindowEndsAt").GetDateTimeOffset().Should().Be(lead.ConsentCapturedAt.AddDays(30));

        var now = app.Clock.GetUtcNow();
        for (var i = 0; i < 3; i++)
            (await broker.PostAsJsonAsync($"/api/v1/purchases/{lead.Id}/calls", new { at = now.AddMinutes(-i), outcome = "NoAnswer" }))
                .StatusCode.Should().Be(HttpStatusCode.Created);
        // A call dated before the purchase, or in the future, is refused; so is one without its outcome.
        var beforePurchase = await broker.PostAsJsonAsync($"/api/v1/purchases/{lead.Id}/calls", new { at = now.AddDays(-2), outcome = "NoAnswer" });
        beforePurchase.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var future = await broker.PostAsJsonAsync($"/api/v1/purchases/{lead.Id}/calls", new { at = now.AddHours(2), outcome = "Voicemail" });
        (await future.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("at")[0].GetString().Should().Contain("futur");
        var noOutcome = await broker.PostAsJsonAsync($"/api/v1/purchases/{lead.Id}/calls", new { note = "?" });
        (await noOutcome.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("outcome")[0].GetString()
            .Should().Be("Indiquez le résultat de l'appel.");

        app.Clock.Advance(TimeSpan.FromHours(11)); // 21:00 in Paris
        var late = await broker.PostAsJsonAsync($"/api/v1/purchases/{lead.Id}/calls", new { outcome = "Voicemail", note = "Rappel tardif" });
        late.StatusCode.Should().Be(HttpStatusCode.Created);
        (await late.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("withinCallingHours").GetBoolean().Should().BeFalse();

        status = await broker.GetFromJsonAsync<JsonElement>($"/api/v1/purchases/{lead.Id}/calls");
        status.GetProperty("attemptsIn30Days").GetInt32().Should().Be(4);
        status.GetProperty("callingTimeNow").GetBoolean().Should().BeFalse();
        status.GetProperty("nextCallingTime").GetDateTimeOffset().Should().Be(new DateTimeOffset(2026, 11, 25, 9, 0, 0, TimeSpan.Zero));
        status.GetProperty("warnings").EnumerateArray().Select(w => w.GetString()).Should()
            .Contain(w => w!.Contains("la limite de 4 est atteinte")).And.Contain(w => w!.Contains("prochain créneau le 25/11/2026 à 10:00"));

        app.Clock.Advance(TimeSpan.FromDays(31));
        status = await broker.GetFromJsonAsync<JsonElement>($"/api/v1/purchases/{lead.Id}/calls");
        status.GetProperty("windowOpen").GetBoolean().Should().BeFalse();
        status.GetProperty("attemptsIn30Days").GetInt32().Should().Be(0);
        status.GetProperty("attempts").GetArrayLength().Should().Be(4, "the record stays");
    }

    [Fact]
    public async Task OnlyTheBuyerSeesOrRecordsCallsAndTheRecordCannotBeRewritten()
    {
        var (_, broker, _) = await _world.BrokerAsync();
        var (_, other, _) = await _world.BrokerAsync();
        var lead = (await _world.BuyAsync(broker))[0];
        (await broker.PostAsJsonAsync($"/api/v1/purchases/{lead.Id}/calls", new { outcome = "Reached" })).EnsureSuccessStatusCode();

        (await other.GetAsync($"/api/v1/purchases/{lead.Id}/calls")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await other.PostAsJsonAsync($"/api/v1/purchases/{lead.Id}/calls", new { outcome = "Reached" })).StatusCode.Should().Be(HttpStatusCode.NotFound);

        await using var db = app.CreateDbContext();
        var rewrite = () => db.Database.ExecuteSqlRawAsync("update call_attempts set outcome = 'NoAnswer'");
        (await rewrite.Should().ThrowAsync<PostgresException>()).Which.MessageText.Should().Contain("append-only");
    }
}
