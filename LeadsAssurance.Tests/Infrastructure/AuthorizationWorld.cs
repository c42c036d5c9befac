using System.Net.Http.Json;
using System.Text.Json;
using LeadsAssurance.Domain.Accounts;
using LeadsAssurance.Domain.Market;
using Microsoft.Extensions.DependencyInjection;

namespace LeadsAssurance.Tests.Infrastructure;

/// <summary>
/// The accounts an authorization test needs on one app: for each role an active, a pending and a suspended account
/// with their API keys, and things that belong to another broker (a hold, a purchase, a ledger entry).
/// </summary>
public sealed class AuthorizationWorld : IAsyncLifetime
{
    public MarketFactory App { get; } = new();

    /// <summary>API keys by role ("Admin", "Broker", "Provider") and status ("Active", "Pending", "Suspended").</summary>
    public Dictionary<(string Role, string Status), string> Keys { get; } = [];

    /// <summary>Another broker's active hold, a lead he bought, one of his ledger entries, one of his flows and its delivery.</summary>
    public (Guid ReservationId, Guid BoughtLeadId, long LedgerEntryId, Guid FlowId, Guid DeliveryId) OtherBrokers { get; private set; }

    public async Task InitializeAsync()
    {
        await App.InitializeAsync();
        _ = App.Server;
        Keys[("Admin", "Active")] = AppFactory.AdminApiKey;
        foreach (var role in new[] { "Broker", "Provider" })
        {
            Keys[(role, "Active")] = (await App.CreateAccountAsync(role, approve: true)).ApiKey;
            Keys[(role, "Pending")] = (await App.CreateAccountAsync(role, approve: false)).ApiKey;
            var (suspended, key) = await App.CreateAccountAsync(role, approve: true);
            await App.Services.GetRequiredService<AccountAdministration>().SuspendAsync(suspended, Guid.Empty, "Tests d'autorisation");
            Keys[(role, "Suspended")] = key;
        }
        // Admin accounts cannot be created through the API: they are written as an operator would, then given keys.
        await using (var db = App.CreateDbContext())
        {
            var pending = (await TestData.AddAccountsAsync(db, AccountRole.Admin, 1, App.Clock.GetUtcNow(), active: false))[0];
            var suspended = (await TestData.AddAccountsAsync(db, AccountRole.Admin, 1, App.Clock.GetUtcNow()))[0];
            await App.Services.GetRequiredService<AccountAdministration>().SuspendAsync(suspended, Guid.Empty, "Tests d'autorisation");
            var keys = App.Services.GetRequiredService<ApiKeyService>();
            Keys[("Admin", "Pending")] = (await keys.CreateAsync(pending, "tests", pending)).PlainKey;
            Keys[("Admin", "Suspended")] = (await keys.CreateAsync(suspended, "tests", suspended)).PlainKey;
        }
        OtherBrokers = await OtherBrokersThingsAsync();
    }

    private async Task<(Guid, Guid, long, Guid, Guid)> OtherBrokersThingsAsync()
    {
        var (other, key) = await App.CreateAccountAsync("Broker", approve: true);
        await TestData.TopUpAsync(App.Services, other, 500m);
        await using var db = App.CreateDbContext();
        var provider = (await TestData.AddAccountsAsync(db, AccountRole.Provider, 1, App.Clock.GetUtcNow()))[0];
        var leads = await TestData.AddLeadsAsync(db, provider, 2, App.Clock.GetUtcNow(), "ASSURANCE_AUTO");
        var client = App.CreateApiClient(key);
        var bought = await (await client.PostAsync($"/api/v1/market/{leads[0].Id}/reserve", null)).Content.ReadFromJsonAsync<JsonElement>();
        (await client.PostAsJsonAsync($"/api/v1/reservations/{bought.GetProperty("reservationId").GetGuid()}/pay", new { method = "credits" })).EnsureSuccessStatusCode();
        var held = await App.Services.GetRequiredService<MarketService>().ReserveAsync(leads[1].Id, other);
        var entry = db.CreditLedger.Where(e => e.AccountId == other).Select(e => e.Id).First();
        // A flow of his that bought a lead at ingestion, hence a delivery.
        var flowId = await FlowWorld.FlowAsync(client, "13");
        var world = new FlowWorld(App, App.Clock.GetUtcNow());
        await world.PostAsync(App.CreateApiClient(Keys[("Provider", "Active")]), "13", 1);
        var deliveryId = db.FlowDeliveries.Where(d => d.FlowId == flowId).Select(d => d.Id).Single();
        return (held.ReservationId, leads[0].Id, entry, flowId, deliveryId);
    }

    public async Task DisposeAsync() => await App.DisposeAsync();
}
