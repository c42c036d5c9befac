using System.Net.Http.Json;
using System.Text.Json;
using LeadsAssurance.Tests.Infrastructure;

namespace LeadsAssurance.Tests.Integration.Cluster;

/// <summary>A lead the test sent, with the contact it must never see outside a purchase.</summary>
public sealed record ClusterLead(Guid Id, string NationalPhone, string Email)
{
    /// <summary>Every way the phone or the e-mail could be written on a page or in a payload.</summary>
    public IEnumerable<string> ContactForms =>
    [
        NationalPhone, "+33" + NationalPhone[1..], string.Join(' ', NationalPhone.Chunk(2).Select(c => new string(c))),
        string.Join('.', NationalPhone.Chunk(2).Select(c => new string(c))), Email,
    ];
}

/// <summary>Leads sent to the cluster the way providers send them: through the API of one node.</summary>
public static class ClusterLeads
{
    private static int _next = Random.Shared.Next(0, 5_000_000);

    /// <summary>A French mobile number no earlier lead of this run used (dedupe refuses repeats within 30 days).</summary>
    public static string NewPhone() => $"06{30_000_000 + Interlocked.Increment(ref _next) % 60_000_000:00000000}";

    public static async Task<List<ClusterLead>> PostAsync(LocalCluster cluster, Uri node, string providerKey, int count, bool exclusive = true)
    {
        var capturedAt = DateTimeOffset.UtcNow.AddMinutes(-10);
        var phones = Enumerable.Range(0, count).Select(_ => NewPhone()).ToList();
        var leads = phones.Select(phone =>
        {
            return new
            {
                productCode = "MUTUELLE_SANTE", firstName = "Éloïse", lastName = "Dupont", phone, email = $"cluster.{phone}@exemple.fr",
                zipCode = "20000", city = "Ajaccio", exclusive,
                attributes = new { regime = "general", composition = "couple", dateNaissance = "1980-05-17", niveau = "confort" },
                consent = new
                {
                    text = "J'accepte d'être contactée.", textVersion = "v1", capturedAt, ipAddress = "203.0.113.7", userAgent = "test",
                    sourceUrl = "https://exemple.fr", partners = new[] { "Cabinet Martin" },
                },
            };
        }).ToList();
        var response = await cluster.Client(node, providerKey).PostAsJsonAsync("/api/v1/leads/bulk", new { leads });
        response.EnsureSuccessStatusCode();
        var results = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("results").EnumerateArray().ToList();
        results.Should().OnlyContain(r => r.GetProperty("status").GetInt32() == 201);
        return [.. results.Select((r, i) => new ClusterLead(r.GetProperty("id").GetGuid(), phones[i], $"cluster.{phones[i]}@exemple.fr"))];
    }
}
