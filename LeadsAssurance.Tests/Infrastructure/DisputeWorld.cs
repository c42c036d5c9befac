using System.Net.Http.Json;
using System.Text.Json;
using LeadsAssurance.Domain.Accounts;
using LeadsAssurance.Domain.Leads;
using Microsoft.Extensions.DependencyInjection;

namespace LeadsAssurance.Tests.Infrastructure;

/// <summary>A broker who bought leads through the public API, and the admin who decides his disputes.</summary>
public sealed class DisputeWorld(AppFactory app)
{
    public HttpClient Admin { get; } = app.CreateApiClient(AppFactory.AdminApiKey);

    /// <summary>An approved broker with <paramref name="credits"/> euros, his API client and his key.</summary>
    public async Task<(Guid Id, HttpClient Client, string Key)> BrokerAsync(decimal credits = 500m, string? email = null)
    {
        var (id, key) = await app.CreateAccountAsync("Broker", approve: true, email);
        (await Admin.PostAsJsonAsync($"/api/v1/admin/accounts/{id}/credits", new { amount = credits, reference = $"VIR-{Guid.NewGuid():N}" })).EnsureSuccessStatusCode();
        return (id, app.CreateApiClient(key), key);
    }

    /// <summary><paramref name="count"/> leads of a new provider, each bought by <paramref name="broker"/> through the API.</summary>
    public async Task<List<Lead>> BuyAsync(HttpClient broker, int count = 1)
    {
        // The app's clock: a MarketFactory's fake one, or the system's.
        var now = app.Services.GetRequiredService<TimeProvider>().GetUtcNow();
        await using var db = app.CreateDbContext();
        var provider = (await TestData.AddAccountsAsync(db, AccountRole.Provider, 1, now))[0];
        var leads = await TestData.AddLeadsAsync(db, provider, count, now, "CREDIT_IMMO");
        foreach (var lead in leads)
        {
            var hold = await (await broker.PostAsync($"/api/v1/market/{lead.Id}/reserve", null)).Content.ReadFromJsonAsync<JsonElement>();
            (await broker.PostAsJsonAsync($"/api/v1/reservations/{hold.GetProperty("reservationId").GetGuid()}/pay", new { method = "credits" }))
                .EnsureSuccessStatusCode();
        }
        return leads;
    }

    public static Task<HttpResponseMessage> DisputeAsync(HttpClient broker, Guid leadId, string reason = "WrongNumber", string? comment = "Numéro non attribué.") =>
        broker.PostAsJsonAsync($"/api/v1/purchases/{leadId}/dispute", new { reason, comment });

    /// <summary>Opens a dispute and returns its id.</summary>
    public static async Task<Guid> OpenAsync(HttpClient broker, Guid leadId, string reason = "WrongNumber")
    {
        var response = await DisputeAsync(broker, leadId, reason);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    public static async Task<decimal> BalanceAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<JsonElement>("/api/v1/me")).GetProperty("balance").GetDecimal();
}
