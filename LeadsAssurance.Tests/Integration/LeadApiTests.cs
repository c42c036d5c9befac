using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using LeadsAssurance.Domain.Consent;
using LeadsAssurance.Domain.Leads;
using LeadsAssurance.Domain.Market;
using LeadsAssurance.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace LeadsAssurance.Tests.Integration;

/// <summary>API.md "Leads (provider)" and "Consent verification", on a real PostgreSQL.</summary>
public class LeadApiTests(MarketFactory app) : IClassFixture<MarketFactory>
{
    private object Lead(string? zip = "69003", string? city = "Lyon", string? phone = null, string? email = null, string product = "MUTUELLE_SANTE",
        object? attributes = null, object? consent = null, string lastName = "Dupont") =>
        LeadRequests.Lead(app.Clock.GetUtcNow(), zip, city, phone, email, product, attributes, consent, lastName);

    private async Task<(HttpClient Client, Guid Id)> ProviderAsync()
    {
        var (id, key) = await app.CreateAccountAsync("Provider", approve: true);
        return (app.CreateApiClient(key), id);
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) => await response.Content.ReadFromJsonAsync<JsonElement>();

    private static IEnumerable<string> ErrorFields(JsonElement problem) => problem.GetProperty("errors").EnumerateObject().Select(p => p.Name);

    [Fact]
    public async Task AValidLeadIsStoredNormalisedWithAVerifiableConsentAndListedLive()
    {
        var (client, providerId) = await ProviderAsync();
        var listed = new ConcurrentQueue<LeadListed>();
        using var _ = app.Services.GetRequiredService<MarketNotifier>().Subscribe(e => { if (e is LeadListed l) listed.Enqueue(l); return Task.CompletedTask; });

        var response = await client.PostAsJsonAsync("/api/v1/leads", Lead(phone: "06 12 34 56 78", zip: "20000", city: "ajaccio", email: "eloise.verif@exemple.fr"));

        response.StatusCode.Should().Be(HttpStatusCode.Created);
        var body = await JsonAsync(response);
        var id = body.GetProperty("id").GetGuid();
        body.GetProperty("status").GetString().Should().Be("Stock");
        var proof = body.GetProperty("proofHash").GetString()!;
        proof.Should().MatchRegex("^[0-9a-f]{64}$");
        await using (var db = app.CreateDbContext())
        {
            var lead = await db.Leads.SingleAsync(l => l.Id == id);
            lead.Phone.Should().Be("+33612345678");
            lead.City.Should().Be("Ajaccio");
            lead.Departement.Should().Be("2A");
            lead.ProviderId.Should().Be(providerId);
            lead.Price.Should().Be(16m);
        }
        var check = await app.CreateApiClient(null).GetAsync($"/api/v1/consents/{proof}");
        check.StatusCode.Should().Be(HttpStatusCode.OK);
        var raw = await check.Content.ReadAsStringAsync();
        raw.ShouldNotReveal(new Contact("Éloïse", "Dupont", "+33612345678", "eloise.verif@exemple.fr"), "the public consent check");
        raw.Should().NotContain("comparateur.exemple.fr").And.NotContain("203.0.113.7").And.NotContain("Mozilla", "nor where and how the consent was captured");
        var verification = JsonDocument.Parse(raw).RootElement;
        verification.GetProperty("valid").GetBoolean().Should().BeTrue();
        verification.GetProperty("productCode").GetString().Should().Be("MUTUELLE_SANTE");
        verification.GetProperty("textVersion").GetString().Should().Be("v3");
        (await Eventually.TrueAsync(() => listed.Any(l => l.LeadId == id))).Should().BeTrue();
        (await client.GetStringAsync("/api/v1/leads")).Should().Contain(id.ToString()).And.Contain(proof);
    }

    [Theory]
    [InlineData("20200", "Bastia", "2B")]
    [InlineData("97400", "Saint-Denis", "974")]
    [InlineData("69003", null, "69")]
    public async Task CorsicaAndOverseasZipCodesGetTheirDepartement(string zip, string? city, string departement)
    {
        var (client, _) = await ProviderAsync();
        var response = await client.PostAsJsonAsync("/api/v1/leads", Lead(zip: zip, city: city));
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        await using var db = app.CreateDbContext();
        var id = (await JsonAsync(response)).GetProperty("id").GetGuid();
        (await db.Leads.SingleAsync(l => l.Id == id)).Departement.Should().Be(departement);
    }

    public static TheoryData<string, string> BadLeads => new()
    {
        { """{"phone":"12345"}""", "phone" },
        { """{"phone":"07 12 34 56 78 99"}""", "phone" },
        { """{"zipCode":"00000"}""", "zipCode" },
        { """{"zipCode":"99999"}""", "zipCode" },
        { """{"zipCode":"69003","city":"Marseille"}""", "city" },
        { """{"email":"pas-un-email"}""", "email" },
        { """{"productCode":"INCONNU"}""", "productCode" },
        { """{"lastName":"=HYPERLINK(\"http://x\")"}""", "lastName" },
        { """{"firstName":"Jean\u0007"}""", "firstName" },
        { """{"attributes":{"regime":"general","composition":"couple","dateNaissance":"1980-05-17","niveau":"confort","nombreEnfants":"deux"}}""", "attributes.nombreEnfants" },
        { """{"attributes":{"regime":"general","composition":"couple","dateNaissance":"2025-02-31","niveau":"confort"}}""", "attributes.dateNaissance" },
        { """{"consent":null}""", "consent" },
        { """{"consent":{"text":"ok","textVersion":"v1","capturedAt":"2030-01-01T00:00:00Z","ipAddress":"1.2.3.4","userAgent":"x","sourceUrl":"https://a.fr","partners":["A"]}}""", "consent.capturedAt" },
        { """{"consent":{"text":"ok","textVersion":"v1","capturedAt":"2026-11-24T08:00:00Z","ipAddress":"999.1.1.1","userAgent":"x","sourceUrl":"https://a.fr","partners":["A"]}}""", "consent.ipAddress" },
    };

    [Theory]
    [MemberData(nameof(BadLeads))]
    public async Task BadInputGets400WithTheFieldNamedAndStoresNothing(string overrides, string field)
    {
        var (client, providerId) = await ProviderAsync();
        var lead = JsonSerializer.SerializeToNode(Lead())!.AsObject();
        foreach (var (key, value) in JsonNode.Parse(overrides)!.AsObject())
            lead[key] = value?.DeepClone();

        var response = await client.PostAsync("/api/v1/leads", new StringContent(lead.ToJsonString(), Encoding.UTF8, "application/json"));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        ErrorFields(await JsonAsync(response)).Should().Contain(field);
        await using var db = app.CreateDbContext();
        (await db.Leads.CountAsync(l => l.ProviderId == providerId)).Should().Be(0);
    }

    [Fact]
    public async Task ABodyThatIsNotJsonIsA400Problem()
    {
        var (client, _) = await ProviderAsync();
        var response = await client.PostAsync("/api/v1/leads", new StringContent("{ pas du json", Encoding.UTF8, "application/json"));
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        ErrorFields(await JsonAsync(response)).Should().Contain("body");
    }

    [Fact]
    public async Task TheSamePhoneOrEmailForTheSameProductWithin30DaysIsA409WithTheReason()
    {
        var (client, _) = await ProviderAsync();
        (await client.PostAsJsonAsync("/api/v1/leads", Lead(phone: "0698765432", email: "dup@exemple.fr"))).StatusCode.Should().Be(HttpStatusCode.Created);

        var samePhone = await client.PostAsJsonAsync("/api/v1/leads", Lead(phone: "+33 6 98 76 54 32"));
        var sameEmail = await client.PostAsJsonAsync("/api/v1/leads", Lead(email: "DUP@exemple.fr"));
        var otherProduct = await client.PostAsJsonAsync("/api/v1/leads", Lead(phone: "0698765432", email: "dup@exemple.fr", product: "ASSURANCE_ANIMAUX",
            attributes: new { espece = "chien", dateNaissanceAnimal = "2022-03-01", formule = "integrale" }));

        samePhone.StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await JsonAsync(samePhone)).GetProperty("detail").GetString().Should().Contain("même téléphone")
            .And.Contain(LeadsAssurance.Domain.France.ToParis(app.Clock.GetUtcNow()).ToString("dd/MM/yyyy", LeadsAssurance.Domain.France.Culture), "the reason gives the first lead's date");
        sameEmail.StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await JsonAsync(sameEmail)).GetProperty("detail").GetString().Should().Contain("même e-mail");
        otherProduct.StatusCode.Should().NotBe(HttpStatusCode.Conflict, await otherProduct.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task AnIdempotencyKeyReplaysTheFirstResponseAndRefusesAnotherBody()
    {
        var (client, providerId) = await ProviderAsync();
        var body = JsonSerializer.Serialize(Lead());
        HttpRequestMessage Request(string json) => new(HttpMethod.Post, "/api/v1/leads")
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
            Headers = { { "Idempotency-Key", "commande-42" } },
        };

        var first = await client.SendAsync(Request(body));
        var again = await client.SendAsync(Request(body));
        var other = await client.SendAsync(Request(JsonSerializer.Serialize(Lead())));

        first.StatusCode.Should().Be(HttpStatusCode.Created);
        again.StatusCode.Should().Be(HttpStatusCode.Created);
        (await again.Content.ReadAsStringAsync()).Should().Be(await first.Content.ReadAsStringAsync());
        other.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        await using var db = app.CreateDbContext();
        (await db.Leads.CountAsync(l => l.ProviderId == providerId)).Should().Be(1);
    }

    [Fact]
    public async Task OnlyActiveProvidersWithAValidKeyMayPost()
    {
        var (_, brokerKey) = await app.CreateAccountAsync("Broker", approve: true);
        var (_, pendingKey) = await app.CreateAccountAsync("Provider", approve: false);
        var lead = Lead();

        (await app.CreateApiClient(null).PostAsJsonAsync("/api/v1/leads", lead)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await app.CreateApiClient("la_unknown_key").PostAsJsonAsync("/api/v1/leads", lead)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await app.CreateApiClient(brokerKey).PostAsJsonAsync("/api/v1/leads", lead)).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await app.CreateApiClient(pendingKey).PostAsJsonAsync("/api/v1/leads", lead)).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await app.CreateApiClient(brokerKey).GetAsync("/api/v1/leads")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task AProviderListsOnlyHisOwnLeads()
    {
        var (mine, _) = await ProviderAsync();
        var (theirs, _) = await ProviderAsync();
        var created = await JsonAsync(await mine.PostAsJsonAsync("/api/v1/leads", Lead()));
        var id = created.GetProperty("id").GetGuid();

        var own = await mine.GetFromJsonAsync<JsonElement>("/api/v1/leads?status=stock");
        var other = await theirs.GetFromJsonAsync<JsonElement>("/api/v1/leads");

        own.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()).Should().Equal(id);
        other.GetProperty("total").GetInt32().Should().Be(0);
        (await mine.GetAsync("/api/v1/leads?status=nimporte")).StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task BulkAnswersEachLeadInOrderAndRefusesMoreThan1000()
    {
        var (client, _) = await ProviderAsync();
        var dup = Lead(phone: "0611223344");
        var response = await client.PostAsJsonAsync("/api/v1/leads/bulk", new { leads = new[] { Lead(), Lead(zip: "99999"), dup, Lead(phone: "06 11 22 33 44") } });

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var results = (await JsonAsync(response)).GetProperty("results").EnumerateArray().ToList();
        results.Select(r => r.GetProperty("index").GetInt32()).Should().Equal(0, 1, 2, 3);
        results.Select(r => r.GetProperty("status").GetInt32()).Should().Equal(201, 400, 201, 409);
        results[0].GetProperty("proofHash").GetString().Should().HaveLength(64);
        results[1].GetProperty("errors").GetProperty("zipCode").GetArrayLength().Should().BeGreaterThan(0);

        var tooMany = await client.PostAsJsonAsync("/api/v1/leads/bulk", new { leads = Enumerable.Range(0, 1001).Select(_ => new { }).ToArray() });
        tooMany.StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task ADuplicateInABulkIsNotStoredAndItsTwinStandsWhenTheFirstTwinWasRefused()
    {
        var (client, providerId) = await ProviderAsync();
        (await client.PostAsJsonAsync("/api/v1/leads", Lead(phone: "0677000001", email: "first@exemple.fr"))).StatusCode.Should().Be(HttpStatusCode.Created);

        var response = await client.PostAsJsonAsync("/api/v1/leads/bulk", new
        {
            leads = new[]
            {
                Lead(phone: "0677000001", email: "twin@exemple.fr"), // same phone as the lead already stored
                Lead(phone: "0677000002", email: "twin@exemple.fr"), // same e-mail as the one before, which is refused
                Lead(phone: "0677000003", email: "twin@exemple.fr"), // same e-mail as the one before, which stands
            },
        });

        var results = (await JsonAsync(response)).GetProperty("results").EnumerateArray().ToList();
        results.Select(r => r.GetProperty("status").GetInt32()).Should().Equal(409, 201, 409);
        await using var db = app.CreateDbContext();
        var stored = await db.Leads.Where(l => l.ProviderId == providerId && l.Email == "twin@exemple.fr").Select(l => l.Phone).ToListAsync();
        stored.Should().Equal("+33677000002");
        (await db.ConsentRecords.CountAsync(c => c.ProviderId == providerId)).Should().Be(2);
    }

    [Fact]
    public async Task ConcurrentBatchesWithTheSamePhoneStoreItOnce()
    {
        var (client, providerId) = await ProviderAsync();
        var posts = Enumerable.Range(0, 6).Select(_ =>
            client.PostAsJsonAsync("/api/v1/leads/bulk", new { leads = new[] { Lead(), Lead(phone: "0677123456"), Lead() } }));

        var statuses = new List<int>();
        foreach (var response in await Task.WhenAll(posts))
            statuses.AddRange((await JsonAsync(response)).GetProperty("results").EnumerateArray().Select(r => r.GetProperty("status").GetInt32()));

        statuses.Count(s => s == 409).Should().Be(5);
        statuses.Count(s => s == 201).Should().Be(13);
        await using var db = app.CreateDbContext();
        (await db.Leads.CountAsync(l => l.ProviderId == providerId && l.Phone == "+33677123456")).Should().Be(1);
        (await db.Leads.CountAsync(l => l.ProviderId == providerId)).Should().Be(13);
        (await app.Services.GetRequiredService<ConsentVerifier>().VerifyChainAsync()).Valid.Should().BeTrue();
    }

    [Fact]
    public async Task AnUnknownProofHashIsA404()
    {
        (await app.CreateApiClient(null).GetAsync($"/api/v1/consents/{new string('a', 64)}")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await app.CreateApiClient(null).GetAsync("/api/v1/consents/pas-un-hash")).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }
}
