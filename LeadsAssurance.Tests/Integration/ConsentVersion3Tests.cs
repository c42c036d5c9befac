using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LeadsAssurance.Domain.Accounts;
using LeadsAssurance.Domain.Consent;
using LeadsAssurance.Domain.Leads;
using LeadsAssurance.Domain.Privacy;
using LeadsAssurance.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LeadsAssurance.Tests.Integration;

/// <summary>
/// Version 3 of the consent proof: the checkbox fact and the collection page snapshot, stored once per content, covered
/// by the hash, shown publicly by their SHA-256 and downloadable only by the lead's buyers and admins, as text.
/// </summary>
public class ConsentVersion3Tests(MarketFactory app) : IClassFixture<MarketFactory>
{
    private const string Page = "<!doctype html><html><body><script>alert(document.cookie)</script>"
        + "<label><input type=\"checkbox\" name=\"optin\"> J'accepte d'être contacté(e)</label></body></html>";

    private static object Lead(DateTimeOffset now, bool? unticked, string? page) => LeadRequests.Lead(now, consent: new
    {
        text = "J'accepte d'être contacté par les partenaires cités au sujet de ma mutuelle.",
        textVersion = "v3",
        capturedAt = now.AddHours(-1),
        ipAddress = "203.0.113.7",
        userAgent = "Mozilla/5.0 (X11; Linux x86_64)",
        sourceUrl = "https://comparateur.exemple.fr/mutuelle",
        partners = new[] { "Cabinet Martin" },
        checkboxUncheckedByDefault = unticked,
        pageSnapshot = page,
    });

    private static async Task<(Guid Id, string ProofHash)> PostAsync(HttpClient provider, object lead)
    {
        var response = await provider.PostAsJsonAsync("/api/v1/leads", lead);
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (body.GetProperty("id").GetGuid(), body.GetProperty("proofHash").GetString()!);
    }

    [Fact]
    public async Task TheFactsAreProvenTheSnapshotStoredOnceAndOnlyItsBuyersAndAdminsDownloadItAsText()
    {
        var (_, key) = await app.CreateAccountAsync("Provider", approve: true);
        var provider = app.CreateApiClient(key);
        var now = app.Clock.GetUtcNow();
        var page = Page.Replace("optin", $"optin-{Guid.NewGuid():N}");

        var (leadId, proof) = await PostAsync(provider, Lead(now, true, page));
        var (_, twin) = await PostAsync(provider, Lead(now, true, page));

        await using var db = app.CreateDbContext();
        var sha = ConsentPageSnapshot.HashOf(page);
        var record = await db.ConsentRecords.SingleAsync(c => c.LeadId == leadId);
        record.FormatVersion.Should().Be(ConsentHasher.FormatVersion);
        record.CheckboxUncheckedByDefault.Should().BeTrue();
        record.PageSnapshotSha256.Should().Be(sha);
        (await db.ConsentPageSnapshots.CountAsync(s => s.Sha256 == sha)).Should().Be(1, "the same page sent twice is kept once");
        var check = await app.CreateApiClient(null).GetFromJsonAsync<JsonElement>($"/api/v1/consents/{proof}");
        check.GetProperty("valid").GetBoolean().Should().BeTrue();
        check.GetProperty("formatVersion").GetInt32().Should().Be(ConsentHasher.FormatVersion);
        check.GetProperty("checkboxUncheckedByDefault").GetBoolean().Should().BeTrue();
        check.GetProperty("pageSnapshotSha256").GetString().Should().Be(sha);
        (await app.Services.GetRequiredService<ConsentVerifier>().VerifyAsync(twin))!.Valid.Should().BeTrue();

        var world = new DisputeWorld(app);
        var (_, buyer, _) = await world.BrokerAsync();
        var hold = await (await buyer.PostAsync($"/api/v1/market/{leadId}/reserve", null)).Content.ReadFromJsonAsync<JsonElement>();
        (await buyer.PostAsJsonAsync($"/api/v1/reservations/{hold.GetProperty("reservationId").GetGuid()}/pay", new { method = "credits" }))
            .EnsureSuccessStatusCode();
        var download = await buyer.GetAsync($"/api/v1/purchases/{leadId}/consent-page");
        download.StatusCode.Should().Be(HttpStatusCode.OK);
        download.Content.Headers.ContentType!.MediaType.Should().Be("text/plain", "provider HTML never renders in our origin");
        download.Content.Headers.ContentDisposition!.DispositionType.Should().Be("attachment");
        download.Headers.GetValues("X-Content-Type-Options").Should().Equal("nosniff");
        download.Headers.GetValues("Content-Security-Policy").Single().Should().StartWith("sandbox");
        (await download.Content.ReadAsStringAsync()).Should().Be(page);
        var (_, stranger, _) = await world.BrokerAsync();
        (await stranger.GetAsync($"/api/v1/purchases/{leadId}/consent-page")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await world.Admin.GetAsync($"/api/v1/purchases/{leadId}/consent-page")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task UndeclaredFactsAreNullInTheProofAndASnapshotOverTheCapIsRefusedOnItsField()
    {
        var (_, key) = await app.CreateAccountAsync("Provider", approve: true);
        var provider = app.CreateApiClient(key);
        var now = app.Clock.GetUtcNow();

        var (leadId, _) = await PostAsync(provider, LeadRequests.Lead(now));
        var tooLarge = await provider.PostAsJsonAsync("/api/v1/leads", Lead(now, false, "<p>" + new string('x', 256 * 1024) + "</p>"));

        await using var db = app.CreateDbContext();
        var record = await db.ConsentRecords.SingleAsync(c => c.LeadId == leadId);
        record.FormatVersion.Should().Be(ConsentHasher.FormatVersion);
        record.CheckboxUncheckedByDefault.Should().BeNull();
        record.PageSnapshotSha256.Should().BeNull();
        tooLarge.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var errors = (await tooLarge.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        errors.GetProperty("consent.pageSnapshot")[0].GetString().Should().Be("La capture HTML de la page de recueil dépasse 256 Ko (limite de la plateforme).");
    }

    [Fact]
    public async Task RecordsOfTheThreeVersionsVerifyTogetherAndAChangedFactBreaksTheChainAtItsPosition()
    {
        // Alters records behind the triggers: a database of its own.
        await using var own = await AppFactory.StartAsync<MarketFactory>();
        var now = own.Clock.GetUtcNow();
        await using var db = own.CreateDbContext();
        var providerId = (await TestData.AddAccountsAsync(db, AccountRole.Provider, 1, now))[0];
        var v1 = await LegacyConsents.AddAsync(db, providerId, now, new LeadContact("Jean", "Un", "+33622000001", "un@exemple.fr", "69003", "Lyon"));
        var v2 = await LegacyConsents.AddVersion2Async(db, providerId, now, new LeadContact("Jean", "Deux", "+33622000002", "deux@exemple.fr", "69003", "Lyon"));
        var (_, key) = await own.CreateAccountAsync("Provider", approve: true);
        var (v3, v3Proof) = await PostAsync(own.CreateApiClient(key), Lead(now, false, Page));
        var verifier = own.Services.GetRequiredService<ConsentVerifier>();
        var records = await db.ConsentRecords.Where(c => c.LeadId == v1.Id || c.LeadId == v2.Id || c.LeadId == v3).ToDictionaryAsync(c => c.LeadId);
        records.Values.Select(r => r.FormatVersion).Order().Should().Equal(1, 2, ConsentHasher.FormatVersion);
        (await verifier.VerifyChainAsync()).Valid.Should().BeTrue();

        var checkboxChanged = await TamperedAsync(db, verifier, $"update consent_records set checkbox_unchecked_by_default = true where lead_id = '{v3}'");
        var snapshotChanged = await TamperedAsync(db, verifier,
            $"update consent_records set page_snapshot_sha256 = '{ConsentPageSnapshot.HashOf(Page + " ")}' where lead_id = '{v3}'");
        var snapshotDropped = await TamperedAsync(db, verifier, $"update consent_records set page_snapshot_sha256 = null where lead_id = '{v3}'");

        foreach (var broken in new[] { checkboxChanged, snapshotChanged, snapshotDropped })
        {
            broken.Valid.Should().BeFalse();
            broken.FirstBrokenPosition.Should().Be(records[v3].ChainPosition);
        }
        (await verifier.VerifyChainAsync()).Valid.Should().BeTrue("the same data verifies again once put back");

        // An erasure leaves a version-3 proof recomputable, like version 2.
        await own.Services.GetRequiredService<ErasureService>().EraseAsync(null, (await db.Leads.SingleAsync(l => l.Id == v3)).Email, ErasureRequesters.Admin, null);
        var erased = (await verifier.VerifyAsync(v3Proof))!;
        erased.Valid.Should().BeTrue(erased.Problem);
        erased.IdentityErasedAt.Should().NotBeNull();
        (await verifier.VerifyChainAsync()).Valid.Should().BeTrue();
    }

    /// <summary>The chain's report after a change made behind the append-only trigger's back, then the record put back as sent.</summary>
    private static async Task<ChainReport> TamperedAsync(LeadsAssurance.Domain.Data.AppDbContext db, ConsentVerifier verifier, string change)
    {
        // Test-made SQL only, no outside input.
        var tamper = $"""
            alter table consent_records disable trigger consent_records_append_only;
            {change};
            alter table consent_records enable trigger consent_records_append_only;
            """;
        await db.Database.ExecuteSqlRawAsync(tamper);
        var report = await verifier.VerifyChainAsync();
        var restore = $"""
            alter table consent_records disable trigger consent_records_append_only;
            update consent_records set checkbox_unchecked_by_default = false, page_snapshot_sha256 = '{ConsentPageSnapshot.HashOf(Page)}' where format_version >= 3;
            alter table consent_records enable trigger consent_records_append_only;
            """;
        await db.Database.ExecuteSqlRawAsync(restore);
        return report;
    }
}
