using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LeadsAssurance.Domain.Consent;
using LeadsAssurance.Domain.Partners;
using LeadsAssurance.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LeadsAssurance.Tests.Integration;

/// <summary>
/// Issue 14 item 4: a provider publishes his partner list page in versions; a lead names it instead of repeating the
/// names; its proof (canonical form v4) commits to the version and the page's SHA-256; the market matches its names.
/// </summary>
public class PartnerListTests(MarketFactory app) : IClassFixture<MarketFactory>
{
    private const string Page = "<html><body><h1>Nos partenaires</h1><ul><li>Broker Test SAS</li><li>Cabinet Durand</li></ul></body></html>";

    private static object List(string page = Page, params string[] names) => new
    {
        name = "Partenaires du comparateur",
        url = "https://comparateur.exemple.fr/partenaires",
        snapshot = page,
        names = names.Length == 0 ? new[] { "Broker Test SAS", "Cabinet Durand" } : names,
    };

    private object Lead(Guid? listId, string[]? partners = null) => LeadRequests.Lead(app.Clock.GetUtcNow(), consent: new
    {
        text = "J'accepte d'être contacté par les partenaires listés sur la page « nos partenaires ».",
        textVersion = "v4",
        capturedAt = app.Clock.GetUtcNow().AddHours(-1),
        ipAddress = "203.0.113.7",
        userAgent = "Mozilla/5.0",
        sourceUrl = "https://comparateur.exemple.fr/mutuelle",
        partners = partners ?? [],
        partnerListId = listId,
    });

    private async Task<HttpClient> ProviderAsync() => app.CreateApiClient((await app.CreateAccountAsync("Provider", approve: true)).ApiKey);

    [Fact]
    public async Task ALeadNamingAListCarriesItsPartnersAndItsProofCommitsToTheVersionAndPage()
    {
        var provider = await ProviderAsync();
        var published = await provider.PostAsJsonAsync("/api/v1/partner-lists", List());
        published.StatusCode.Should().Be(HttpStatusCode.Created);
        var list = await published.Content.ReadFromJsonAsync<JsonElement>();
        var listId = list.GetProperty("id").GetGuid();
        list.GetProperty("version").GetInt32().Should().Be(1);
        list.GetProperty("sha256").GetString().Should().Be(PartnerListVersion.HashOf(Page));

        var sent = await provider.PostAsJsonAsync("/api/v1/leads", Lead(listId));
        sent.StatusCode.Should().Be(HttpStatusCode.Created, await sent.Content.ReadAsStringAsync());
        var body = await sent.Content.ReadFromJsonAsync<JsonElement>();
        var (leadId, proof) = (body.GetProperty("id").GetGuid(), body.GetProperty("proofHash").GetString()!);

        await using var db = app.CreateDbContext();
        var record = await db.ConsentRecords.SingleAsync(c => c.LeadId == leadId);
        record.FormatVersion.Should().Be(4);
        record.Partners.Should().Equal("Broker Test SAS", "Cabinet Durand");
        record.PartnerList.Should().Be($"{listId:D}:1:{PartnerListVersion.HashOf(Page)}");
        var check = await app.CreateApiClient(null).GetFromJsonAsync<JsonElement>($"/api/v1/consents/{proof}");
        check.GetProperty("valid").GetBoolean().Should().BeTrue();
        check.GetProperty("partnerList").GetString().Should().Be(record.PartnerList);
        // The list's names name the broker whose company is one of them ("Broker Test SAS", every test broker).
        var (_, brokerKey) = await app.CreateAccountAsync("Broker", approve: true);
        var market = await app.CreateApiClient(brokerKey).GetFromJsonAsync<JsonElement>("/api/v1/market?pageSize=100");
        market.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("id").GetGuid() == leadId)
            .GetProperty("namedPartner").GetBoolean().Should().BeTrue();
    }

    [Fact]
    public async Task ANewVersionNamesTheNextLeadsWhileEarlierOnesKeepTheirs()
    {
        var provider = await ProviderAsync();
        var listId = (await (await provider.PostAsJsonAsync("/api/v1/partner-lists", List())).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var first = (await (await provider.PostAsJsonAsync("/api/v1/leads", Lead(listId))).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        const string page2 = "<html><body><ul><li>Cabinet Martin</li></ul></body></html>";

        var second = await provider.PostAsJsonAsync($"/api/v1/partner-lists/{listId}/versions", List(page2, "Cabinet Martin"));
        var next = (await (await provider.PostAsJsonAsync("/api/v1/leads", Lead(listId, ["Assurances Petit"]))).Content.ReadFromJsonAsync<JsonElement>())
            .GetProperty("id").GetGuid();

        second.StatusCode.Should().Be(HttpStatusCode.Created);
        (await second.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetInt32().Should().Be(2);
        await using var db = app.CreateDbContext();
        var records = await db.ConsentRecords.Where(c => c.LeadId == first || c.LeadId == next).ToDictionaryAsync(c => c.LeadId);
        records[first].PartnerList.Should().EndWith($":1:{PartnerListVersion.HashOf(Page)}");
        records[next].PartnerList.Should().EndWith($":2:{PartnerListVersion.HashOf(page2)}");
        records[next].Partners.Should().Equal("Assurances Petit", "Cabinet Martin");
        var update = () => db.Database.ExecuteSqlAsync($"update partner_list_versions set names = '{{}}' where list_id = {listId}");
        await update.Should().ThrowAsync<Npgsql.PostgresException>("a published version is what proofs commit to: append-only");
    }

    [Fact]
    public async Task BadInputAnotherProvidersListAndAnUnknownListAreRefusedInFrench()
    {
        var provider = await ProviderAsync();
        var other = await ProviderAsync();
        var listId = (await (await other.PostAsJsonAsync("/api/v1/partner-lists", List())).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        var invalid = await provider.PostAsJsonAsync("/api/v1/partner-lists", new { name = "", url = "ftp://x", snapshot = "", names = Array.Empty<string>() });
        var foreignVersion = await provider.PostAsJsonAsync($"/api/v1/partner-lists/{listId}/versions", List());
        var foreignLead = await provider.PostAsJsonAsync("/api/v1/leads", Lead(listId));
        var noPartners = await provider.PostAsJsonAsync("/api/v1/leads", Lead(null));

        invalid.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await invalid.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateObject().Select(e => e.Name)
            .Should().BeEquivalentTo("name", "url", "snapshot", "names");
        foreignVersion.StatusCode.Should().Be(HttpStatusCode.NotFound);
        foreignLead.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await foreignLead.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("consent.partnerListId")[0].GetString()
            .Should().Contain("Liste de partenaires inconnue");
        (await noPartners.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("consent.partners", out _).Should().BeTrue();
    }

    [Fact]
    public async Task AChangedPartnerListReferenceBreaksTheChainAtItsRecord()
    {
        // Alters a record behind its trigger: a database of its own.
        await using var own = await AppFactory.StartAsync<MarketFactory>();
        var provider = own.CreateApiClient((await own.CreateAccountAsync("Provider", approve: true)).ApiKey);
        var listId = (await (await provider.PostAsJsonAsync("/api/v1/partner-lists", List())).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var lead = LeadRequests.Lead(own.Clock.GetUtcNow(), consent: new
        {
            text = "J'accepte.", textVersion = "v4", capturedAt = own.Clock.GetUtcNow().AddHours(-1), ipAddress = "203.0.113.7",
            userAgent = "Mozilla/5.0", sourceUrl = "https://exemple.fr", partners = Array.Empty<string>(), partnerListId = listId,
        });
        var leadId = (await (await provider.PostAsJsonAsync("/api/v1/leads", lead)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        await provider.PostAsJsonAsync("/api/v1/leads", LeadRequests.Lead(own.Clock.GetUtcNow()));
        await using var db = own.CreateDbContext();
        var position = await db.ConsentRecords.Where(c => c.LeadId == leadId).Select(c => c.ChainPosition).SingleAsync();
        var verifier = own.Services.GetRequiredService<ConsentVerifier>();
        (await verifier.VerifyChainAsync()).Valid.Should().BeTrue();

        // Test-made SQL only, no outside input.
        var tamper = $"""
            alter table consent_records disable trigger consent_records_append_only;
            update consent_records set partner_list = '{listId:D}:2:{PartnerListVersion.HashOf("autre page")}' where lead_id = '{leadId:D}';
            alter table consent_records enable trigger consent_records_append_only;
            """;
        await db.Database.ExecuteSqlRawAsync(tamper);

        var report = await verifier.VerifyChainAsync();
        report.Valid.Should().BeFalse();
        report.FirstBrokenPosition.Should().Be(position);
    }
}
