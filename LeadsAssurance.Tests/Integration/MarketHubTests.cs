using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LeadsAssurance.Domain.Accounts;
using LeadsAssurance.Tests.Infrastructure;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace LeadsAssurance.Tests.Integration;

/// <summary>The SignalR hub API clients follow the market with (API.md "Real time").</summary>
public class MarketHubTests(MarketFactory app) : IClassFixture<MarketFactory>
{
    private HubConnection Connect(string apiKey) =>
        new HubConnectionBuilder()
            .WithUrl(new Uri(app.Server.BaseAddress, "/hubs/market"), o =>
            {
                o.HttpMessageHandlerFactory = _ => app.Server.CreateHandler();
                o.Transports = HttpTransportType.LongPolling;
                o.Headers["X-Api-Key"] = apiKey;
            })
            .Build();

    /// <summary>Records the payloads of the given events, as a client would handle them.</summary>
    private static ConcurrentQueue<(string Name, JsonElement Payload)> Record(HubConnection hub, params string[] events)
    {
        var received = new ConcurrentQueue<(string, JsonElement)>();
        foreach (var name in events)
            hub.On<JsonElement>(name, payload => received.Enqueue((name, payload)));
        return received;
    }

    private async Task<LeadsAssurance.Domain.Leads.Lead> LeadAsync()
    {
        await using var db = app.CreateDbContext();
        var provider = (await TestData.AddAccountsAsync(db, AccountRole.Provider, 1, app.Clock.GetUtcNow()))[0];
        return (await TestData.AddLeadsAsync(db, provider, 1, app.Clock.GetUtcNow()))[0];
    }

    [Fact]
    public async Task AHoldAndASaleReachHubClientsWithoutAnyContact()
    {
        var (buyerId, buyerKey) = await app.CreateAccountAsync("Broker", approve: true);
        var (_, watcherKey) = await app.CreateAccountAsync("Broker", approve: true);
        await TestData.TopUpAsync(app.Services, buyerId, 100m);
        var lead = await LeadAsync();
        await using var watcher = Connect(watcherKey);
        var received = Record(watcher, "LeadReserved", "LeadSold");
        await watcher.StartAsync();

        var buyer = app.CreateApiClient(buyerKey);
        var hold = await (await buyer.PostAsync($"/api/v1/market/{lead.Id}/reserve", null)).Content.ReadFromJsonAsync<JsonElement>();
        (await buyer.PostAsJsonAsync($"/api/v1/reservations/{hold.GetProperty("reservationId").GetGuid()}/pay", new { method = "credits" }))
            .StatusCode.Should().Be(HttpStatusCode.OK);

        (await Eventually.TrueAsync(() => received.Any(r => r.Name == "LeadSold"))).Should().BeTrue();
        var forLead = received.Where(r => r.Payload.GetProperty("leadId").GetGuid() == lead.Id).ToList();
        forLead.Select(r => r.Name).Should().Equal("LeadReserved", "LeadSold");
        forLead[0].Payload.GetProperty("expiresAt").GetDateTimeOffset().Should().Be(hold.GetProperty("expiresAt").GetDateTimeOffset());
        forLead[1].Payload.GetProperty("buyersLeft").GetInt32().Should().Be(0);
        string.Join("\n", received.Select(r => r.Payload.GetRawText())).ShouldNotReveal(Contact.Of(lead), "the hub's events");
    }

    [Fact]
    public async Task AReleasedHoldIsAnnouncedAndTheLeadListedAgainWithoutAnyContact()
    {
        var (_, holderKey) = await app.CreateAccountAsync("Broker", approve: true);
        var (_, watcherKey) = await app.CreateAccountAsync("Broker", approve: true);
        var lead = await LeadAsync();
        await using var watcher = Connect(watcherKey);
        var received = Record(watcher, "LeadReleased", "LeadListed");
        await watcher.StartAsync();
        var holder = app.CreateApiClient(holderKey);
        var hold = await (await holder.PostAsync($"/api/v1/market/{lead.Id}/reserve", null)).Content.ReadFromJsonAsync<JsonElement>();

        (await holder.DeleteAsync($"/api/v1/reservations/{hold.GetProperty("reservationId").GetGuid()}")).StatusCode.Should().Be(HttpStatusCode.NoContent);

        (await Eventually.TrueAsync(() => received.Any(r => r.Name == "LeadListed" && r.Payload.GetProperty("id").GetGuid() == lead.Id))).Should().BeTrue();
        received.Should().ContainSingle(r => r.Name == "LeadReleased" && r.Payload.GetProperty("leadId").GetGuid() == lead.Id);
        var listed = received.Single(r => r.Name == "LeadListed" && r.Payload.GetProperty("id").GetGuid() == lead.Id).Payload;
        listed.GetProperty("buyersLeft").GetInt32().Should().Be(1);
        string.Join("\n", received.Select(r => r.Payload.GetRawText())).ShouldNotReveal(Contact.Of(lead), "the hub's events");
    }

    [Fact]
    public async Task AProviderCannotConnectToTheHub()
    {
        var (_, key) = await app.CreateAccountAsync("Provider", approve: true);
        await using var connection = Connect(key);

        var act = () => connection.StartAsync();

        (await act.Should().ThrowAsync<HttpRequestException>()).Which.StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task AnUnknownKeyCannotConnectToTheHub()
    {
        await using var connection = Connect("la_unknown_key_for_the_hub_000000");

        var act = () => connection.StartAsync();

        (await act.Should().ThrowAsync<HttpRequestException>()).Which.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task APendingOrSuspendedBrokerIsRefusedAtConnection()
    {
        var (_, pendingKey) = await app.CreateAccountAsync("Broker", approve: false);
        var (suspendedId, suspendedKey) = await app.CreateAccountAsync("Broker", approve: true);
        (await app.CreateApiClient(AppFactory.AdminApiKey).PostAsJsonAsync($"/api/v1/admin/accounts/{suspendedId}/suspend", new { reason = "Impayés" }))
            .StatusCode.Should().Be(HttpStatusCode.OK);
        await using var pending = Connect(pendingKey);
        await using var suspended = Connect(suspendedKey);

        var connectPending = () => pending.StartAsync();
        var connectSuspended = () => suspended.StartAsync();

        (await connectPending.Should().ThrowAsync<HttpRequestException>()).Which.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await connectSuspended.Should().ThrowAsync<HttpRequestException>()).Which.StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task AConnectedBrokerIsCutOffWhenHisAccountIsSuspended()
    {
        var (brokerId, key) = await app.CreateAccountAsync("Broker", approve: true);
        var (_, otherKey) = await app.CreateAccountAsync("Broker", approve: true);
        await using var broker = Connect(key);
        await using var other = Connect(otherKey);
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        broker.Closed += _ => { closed.TrySetResult(); return Task.CompletedTask; };
        await broker.StartAsync();
        await other.StartAsync();

        (await app.CreateApiClient(AppFactory.AdminApiKey).PostAsJsonAsync($"/api/v1/admin/accounts/{brokerId}/suspend", new { reason = "Fraude" }))
            .StatusCode.Should().Be(HttpStatusCode.OK);

        (await Eventually.TrueAsync(() => closed.Task.IsCompleted)).Should().BeTrue("a suspension closes the account's live feed");
        broker.State.Should().Be(HubConnectionState.Disconnected);
        other.State.Should().Be(HubConnectionState.Connected, "other brokers stay connected");
    }
}
