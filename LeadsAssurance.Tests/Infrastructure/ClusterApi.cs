using System.Net.Http.Json;
using System.Text.Json;

namespace LeadsAssurance.Tests.Infrastructure;

/// <summary>
/// What tests and benchmarks do to a running cluster through its public API: accounts through the admin API, leads
/// through a provider's key. Shared by the multi-node tests and the benchmarks, which link this file.
/// </summary>
public static class ClusterApi
{
    private static int _next = Random.Shared.Next(0, 5_000_000);

    public const string Password = "Passw0rd!x";

    /// <summary>A French mobile number no earlier lead of this process used (dedupe refuses repeats within 30 days).</summary>
    public static string NewPhone() => $"06{30_000_000 + Interlocked.Increment(ref _next) % 60_000_000:00000000}";

    /// <summary>An approved account with an API key.</summary>
    public static async Task<(Guid Id, string ApiKey, string Email)> CreateAccountAsync(HttpClient admin, string role)
    {
        var email = $"{role.ToLowerInvariant()}-{Guid.NewGuid():N}@cluster.fr";
        var created = await admin.PostAsJsonAsync("/api/v1/admin/accounts", new
        {
            email, password = Password, role, companyName = $"{role} Cluster SAS", siren = "732829320", oriasNumber = role == "Broker" ? "12345678" : null,
        });
        created.EnsureSuccessStatusCode();
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        (await admin.PostAsync($"/api/v1/admin/accounts/{id}/approve", null)).EnsureSuccessStatusCode();
        var key = await admin.PostAsJsonAsync($"/api/v1/admin/accounts/{id}/api-keys", new { name = "cluster" });
        key.EnsureSuccessStatusCode();
        return (id, (await key.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!, email);
    }

    public static async Task TopUpAsync(HttpClient admin, Guid brokerId, decimal amount) =>
        (await admin.PostAsJsonAsync($"/api/v1/admin/accounts/{brokerId}/credits", new { amount, reference = $"VIR-{Guid.NewGuid():N}" }))
        .EnsureSuccessStatusCode();

    /// <summary>Posts one lead per phone in one bulk call; returns their ids in order (every one must be accepted).</summary>
    public static async Task<List<Guid>> PostLeadsAsync(HttpClient provider, IReadOnlyList<string> phones, bool exclusive = true)
    {
        var capturedAt = DateTimeOffset.UtcNow.AddMinutes(-10);
        var leads = phones.Select(phone => new
        {
            productCode = "MUTUELLE_SANTE", firstName = "Éloïse", lastName = "Dupont", phone, email = $"cluster.{phone}@exemple.fr",
            zipCode = "20000", city = "Ajaccio", exclusive,
            attributes = new { regime = "general", composition = "couple", dateNaissance = "1980-05-17", niveau = "confort" },
            consent = new
            {
                text = "J'accepte d'être contactée.", textVersion = "v1", capturedAt, ipAddress = "203.0.113.7", userAgent = "test",
                sourceUrl = "https://exemple.fr", partners = new[] { "Cabinet Martin" },
            },
        }).ToList();
        var response = await provider.PostAsJsonAsync("/api/v1/leads/bulk", new { leads });
        response.EnsureSuccessStatusCode();
        var results = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("results").EnumerateArray().ToList();
        if (results.Any(r => r.GetProperty("status").GetInt32() != 201))
            throw new InvalidOperationException("A lead was refused: " + string.Join(", ", results.Select(r => r.GetRawText())));
        return [.. results.Select(r => r.GetProperty("id").GetGuid())];
    }
}
