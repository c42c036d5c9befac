using System.Net.Http.Json;
using System.Text.Json;
using LeadsAssurance.Domain.Flows;
using LeadsAssurance.Domain.Market;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LeadsAssurance.Tests.Infrastructure;

/// <summary>Brokers with credits and flows, a provider posting leads: what the flow tests arrange, through the public API.</summary>
public sealed class FlowWorld(AppFactory app, DateTimeOffset now)
{
    /// <summary>Département → a zip code and its commune, so each test routes in a département of its own.</summary>
    public static readonly IReadOnlyDictionary<string, (string Zip, string City)> Places = new Dictionary<string, (string, string)>
    {
        ["13"] = ("13001", "Marseille"), ["33"] = ("33000", "Bordeaux"), ["31"] = ("31000", "Toulouse"), ["59"] = ("59000", "Lille"),
        ["44"] = ("44000", "Nantes"), ["67"] = ("67000", "Strasbourg"), ["35"] = ("35000", "Rennes"), ["06"] = ("06000", "Nice"),
        ["75"] = ("75001", "Paris"), ["69"] = ("69003", "Lyon"), ["34"] = ("34000", "Montpellier"), ["21"] = ("21000", "Dijon"),
        ["29"] = ("29200", "Brest"), ["37"] = ("37000", "Tours"), ["45"] = ("45000", "Orléans"), ["49"] = ("49000", "Angers"),
    };

    public HttpClient Admin { get; } = app.CreateApiClient(AppFactory.AdminApiKey);

    /// <summary>An approved broker with <paramref name="credits"/> euros, and his API client.</summary>
    public async Task<(Guid Id, HttpClient Client)> BrokerAsync(decimal credits = 1000m)
    {
        var (id, key) = await app.CreateAccountAsync("Broker", approve: true);
        if (credits > 0)
            (await Admin.PostAsJsonAsync($"/api/v1/admin/accounts/{id}/credits", new { amount = credits, reference = $"VIR-{Guid.NewGuid():N}" })).EnsureSuccessStatusCode();
        return (id, app.CreateApiClient(key));
    }

    public async Task<HttpClient> ProviderAsync() => app.CreateApiClient((await app.CreateAccountAsync("Provider", approve: true)).ApiKey);

    /// <summary>Creates a flow through the API (Mutuelle santé in <paramref name="departement"/> unless the body says otherwise).</summary>
    public static async Task<Guid> FlowAsync(HttpClient broker, string departement, int? daily = null, int priority = 5, bool? exclusive = null,
        object? schedule = null, int? weekly = null, int? monthly = null, bool autoResume = false, string? webhookUrl = null, string name = "Flux test")
    {
        var response = await broker.PostAsJsonAsync("/api/v1/flows", new
        {
            name, productCodes = new[] { "MUTUELLE_SANTE" }, departements = new[] { departement }, exclusive, priority,
            caps = new { daily, weekly, monthly }, schedule, autoResume, webhookUrl,
        });
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"Flow creation failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    /// <summary>A valid Mutuelle santé lead in <paramref name="departement"/>, exclusive unless said otherwise.</summary>
    public object Lead(string departement, bool exclusive = true)
    {
        var (zip, city) = Places[departement];
        var body = JsonSerializer.SerializeToNode(LeadRequests.Lead(now, zip, city))!.AsObject();
        body["exclusive"] = exclusive;
        return body;
    }

    /// <summary>Posts leads in bulk; returns the accepted ids.</summary>
    public async Task<List<Guid>> PostAsync(HttpClient provider, string departement, int count, bool exclusive = true)
    {
        var response = await provider.PostAsJsonAsync("/api/v1/leads/bulk", new { leads = Enumerable.Range(0, count).Select(_ => Lead(departement, exclusive)).ToArray() });
        response.EnsureSuccessStatusCode();
        var results = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("results").EnumerateArray().ToList();
        if (results.Any(r => r.GetProperty("status").GetInt32() != 201))
            throw new InvalidOperationException($"Some leads were refused: {JsonSerializer.Serialize(results.First(r => r.GetProperty("status").GetInt32() != 201))}");
        return [.. results.Select(r => r.GetProperty("id").GetGuid())];
    }

    /// <summary>How many leads of the département the market shows a broker.</summary>
    public static async Task<int> ListedAsync(HttpClient broker, string departement) =>
        (await broker.GetFromJsonAsync<JsonElement>($"/api/v1/market?departement={departement}&pageSize=200")).GetProperty("total").GetInt32();

    public async Task<Dictionary<Guid, int>> PurchasesByFlowAsync(IEnumerable<Guid> flowIds)
    {
        var ids = flowIds.ToList();
        await using var db = app.CreateDbContext();
        var counts = await db.Purchases.Where(p => p.FlowId != null && ids.Contains(p.FlowId.Value)).GroupBy(p => p.FlowId!.Value)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count);
        return ids.ToDictionary(id => id, id => counts.GetValueOrDefault(id));
    }

    public FlowService Flows => app.Services.GetRequiredService<FlowService>();
    public MarketNotifier Notifier => app.Services.GetRequiredService<MarketNotifier>();
}
