using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using LeadsAssurance.Domain.Accounts;
using LeadsAssurance.Tests.Infrastructure;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace LeadsAssurance.Tests.Integration;

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

    [Fact]
    public async Task HubClientsReceiveEveryMoveWithoutAnyContact()
    {
        var (buyerId, buyerKey) = await app.CreateAccountAsync("Broker", approve: true);
        var (_, watcherKey) = await app.CreateAccountAsync("Broker", approve: true);
        await app.CreateApiClient(AppFactory.AdminApiKey).PostAsJsonAsync($"/api/v1/admin/accounts/{buyerId}/credits", new { amount = 100m, reference = "VIR-HUB" });
        await using var db = app.CreateDbContext();
        var provider = (await TestData.AddAccountsAsync(db, AccountRole.Provider, 1, app.Clock.GetUtcNow()))[0];
        var lead = (await TestData.AddLeadsAsync(db, provider, 1, app.Clock.GetUtcNow()))[0];
        var received = new ConcurrentQueue<(string Name, string Json)>();
        await using var watcher = Connect(watcherKey);
        foreach (var name in new[] { "LeadReserved", "LeadSold", "LeadReleased", "LeadListed" })
            watcher.On<JsonElement>(name, payload => received.Enqueue((name, payload.GetRawText())));
        await watcher.StartAsync();

        var buyer = app.CreateApiClient(buyerKey);
        var hold = await (await buyer.PostAsync($"/api/v1/market/{lead.Id}/reserve", null)).Content.ReadFromJsonAsync<JsonElement>();
        await buyer.PostAsJsonAsync($"/api/v1/reservations/{hold.GetProperty("reservationId").GetGuid()}/pay", new { method = "credits" });

        (await Eventually.TrueAsync(() => received.Any(r => r.Name == "LeadSold"))).Should().BeTrue();
        var reserved = JsonDocument.Parse(received.First(r => r.Name == "LeadReserved").Json).RootElement;
        reserved.GetProperty("leadId").GetGuid().Should().Be(lead.Id);
        reserved.GetProperty("expiresAt").GetDateTimeOffset().Should().Be(hold.GetProperty("expiresAt").GetDateTimeOffset());
        var sold = JsonDocument.Parse(received.First(r => r.Name == "LeadSold").Json).RootElement;
        sold.GetProperty("buyersLeft").GetInt32().Should().Be(0);
        foreach (var (_, json) in received)
            json.Should().NotContain(lead.Phone).And.NotContain(lead.Email).And.NotContain(lead.LastName);
    }

    [Fact]
    public async Task AProviderCannotConnectToTheHub()
    {
        var (_, key) = await app.CreateAccountAsync("Provider", approve: true);
        await using var connection = Connect(key);

        var act = () => connection.StartAsync();

        (await act.Should().ThrowAsync<HttpRequestException>()).Which.StatusCode.Should().Be(System.Net.HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task AnUnknownKeyCannotConnectToTheHub()
    {
        await using var connection = Connect("la_unknown_key_for_the_hub_000000");

        var act = () => connection.StartAsync();

        (await act.Should().ThrowAsync<HttpRequestException>()).Which.StatusCode.Should().Be(System.Net.HttpStatusCode.Unauthorized);
    }
}
