using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LeadsAssurance.Domain.Accounts;
using LeadsAssurance.Domain.Consent;
using LeadsAssurance.Domain.Email;
using LeadsAssurance.Domain.Leads;
using LeadsAssurance.Domain.Market;
using LeadsAssurance.Domain.Privacy;
using LeadsAssurance.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LeadsAssurance.Tests.Integration.Privacy;

/// <summary>GDPR art. 17: a person's identity leaves every lead while the consent proofs, of either version, still verify.</summary>
public class ErasureTests(MarketFactory app) : IClassFixture<MarketFactory>
{
    private static LeadContact Person(string tag) =>
        new("Marie-Claire", "Lefebvre-Roux", "+3361" + Random.Shared.Next(1_000_000, 9_999_999), $"{tag}.{Guid.NewGuid():N}@exemple.fr", "69003", "Lyon");

    [Fact]
    public async Task ErasingAPersonEmptiesTheirLeadsOfEveryVersionAndEveryProofStillVerifies()
    {
        var now = app.Clock.GetUtcNow();
        var person = Person("both");
        await using var db = app.CreateDbContext();
        var provider = (await TestData.AddAccountsAsync(db, AccountRole.Provider, 1, now))[0];
        var legacy = await LegacyConsents.AddAsync(db, provider, now, person);
        var digest = await LegacyConsents.AddVersion2Async(db, provider, now, person with { Phone = "+33622222222" });
        var current = (await TestData.AddLeadsAsync(db, provider, 1, now, "ASSURANCE_AUTO", contact: person with { Phone = "+33611111111" }))[0];
        var verifier = app.Services.GetRequiredService<ConsentVerifier>();
        var hashes = await db.ConsentRecords.Where(c => c.LeadId == legacy.Id || c.LeadId == digest.Id || c.LeadId == current.Id)
            .ToDictionaryAsync(c => c.LeadId, c => c.ProofHash);

        var response = await app.CreateApiClient(AppFactory.AdminApiKey).PostAsJsonAsync("/api/v1/admin/erasures", new { email = person.Email.ToUpperInvariant() });

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("leads").GetInt32().Should().Be(3);
        body.GetProperty("buyersNotified").GetInt32().Should().Be(0);
        db.ChangeTracker.Clear();
        var erased = await db.Leads.Where(l => l.Id == legacy.Id || l.Id == digest.Id || l.Id == current.Id).ToListAsync();
        erased.Should().HaveCount(3).And.OnlyContain(l => l.FirstName == "" && l.LastName == "" && l.Phone == "" && l.Email == "" && l.City == ""
            && l.IdentitySalt == null && l.ErasedAt == now && l.ZipCode == "69003" && l.Status == LeadStatus.Erased);
        var v1 = (await verifier.VerifyAsync(hashes[legacy.Id]))!;
        v1.Valid.Should().BeTrue(v1.Problem);
        v1.FormatVersion.Should().Be(1);
        v1.IdentityErasedAt.Should().Be(now);
        v1.VerifiedBeforeErasureAt.Should().Be(now);
        var v2 = (await verifier.VerifyAsync(hashes[digest.Id]))!;
        v2.Valid.Should().BeTrue(v2.Problem);
        v2.FormatVersion.Should().Be(2);
        v2.IdentityErasedAt.Should().Be(now);
        v2.VerifiedBeforeErasureAt.Should().BeNull("a version-2 hash is recomputed as ever: it never covered the identity");
        var v3 = (await verifier.VerifyAsync(hashes[current.Id]))!;
        v3.Valid.Should().BeTrue(v3.Problem);
        v3.FormatVersion.Should().Be(ConsentHasher.FormatVersion);
        v3.IdentityErasedAt.Should().Be(now);
        v3.VerifiedBeforeErasureAt.Should().BeNull("nor does a version-3 hash");
        (await verifier.VerifyChainAsync()).Valid.Should().BeTrue();
        var check = await app.CreateApiClient(null).GetFromJsonAsync<JsonElement>($"/api/v1/consents/{hashes[legacy.Id]}");
        check.GetProperty("valid").GetBoolean().Should().BeTrue();
        check.GetProperty("identityErasedAt").GetDateTimeOffset().Should().Be(now);
    }

    [Fact]
    public async Task TheProofOfErasureSaysWhatWhenAndWhoAskedWithoutTheErasedValues()
    {
        var now = app.Clock.GetUtcNow();
        var person = Person("audit");
        await using var db = app.CreateDbContext();
        var provider = (await TestData.AddAccountsAsync(db, AccountRole.Provider, 1, now))[0];
        var lead = (await TestData.AddLeadsAsync(db, provider, 1, now, contact: person))[0];
        var admin = (await app.CreateApiClient(AppFactory.AdminApiKey).GetFromJsonAsync<JsonElement>("/api/v1/me")).GetProperty("id").GetGuid();

        await app.Services.GetRequiredService<ErasureService>().EraseAsync(person.Phone, null, ErasureRequesters.Admin, admin);

        var proof = await db.IdentityErasures.SingleAsync(e => e.LeadId == lead.Id);
        proof.ErasedAt.Should().Be(now);
        proof.RequestedBy.Should().Be(ErasureRequesters.Admin);
        proof.ActorId.Should().Be(admin);
        proof.ProofHash.Should().Be(await db.ConsentRecords.Where(c => c.LeadId == lead.Id).Select(c => c.ProofHash).SingleAsync());
        var audit = await db.AuditLog.Where(a => a.Action == "privacy.erased" && a.Details!.Contains(lead.Id.ToString())).SingleAsync();
        audit.ActorId.Should().Be(admin);
        audit.Details.Should().NotContain(person.Phone).And.NotContain(person.Email).And.NotContain(person.LastName);
    }

    [Fact]
    public async Task TheBuyersAreToldAndTheirPurchaseShowsTheContactErased()
    {
        var now = app.Clock.GetUtcNow();
        var person = Person("bought");
        var (brokerId, brokerKey) = await app.CreateAccountAsync("Broker", approve: true);
        await TestData.TopUpAsync(app.Services, brokerId, 500m);
        await using var db = app.CreateDbContext();
        var provider = (await TestData.AddAccountsAsync(db, AccountRole.Provider, 1, now))[0];
        var lead = (await TestData.AddLeadsAsync(db, provider, 1, now, "ASSURANCE_AUTO", contact: person))[0];
        var market = app.Services.GetRequiredService<MarketService>();
        await market.PayWithCreditsAsync((await market.ReserveAsync(lead.Id, brokerId)).ReservationId, brokerId);

        var result = await app.Services.GetRequiredService<ErasureService>().EraseAsync(person.Phone, null, ErasureRequesters.Admin, null);

        result.Should().Be(new ErasureResult(1, 1));
        var brokerEmail = await db.Users.Where(u => u.Id == brokerId).Select(u => u.Email).SingleAsync();
        var notice = await db.OutboundEmails.SingleAsync(e => e.Recipient == brokerEmail && e.Template == EmailTemplate.ContactErased);
        (await SentMail.TextAsync(app, notice.Id)).Should().Contain("article 19").And.NotContain(person.LastName).And.NotContain(person.Email);
        var purchase = (await app.Services.GetRequiredService<PurchaseQueries>().ListAsync(brokerId)).Single(p => p.Id == lead.Id);
        purchase.ErasedAt.Should().Be(now);
        purchase.Phone.Should().BeEmpty();
        purchase.LastName.Should().BeEmpty();
        var api = await app.CreateApiClient(brokerKey).GetFromJsonAsync<JsonElement>("/api/v1/purchases");
        var listed = api.EnumerateArray().Single(p => p.GetProperty("id").GetGuid() == lead.Id);
        listed.GetProperty("contactErasedAt").GetDateTimeOffset().Should().Be(now);
        listed.GetProperty("phone").GetString().Should().BeEmpty();
    }

    [Fact]
    public async Task AnErasedLeadStillOnSaleLeavesTheMarketAndItsHoldIsClosed()
    {
        var now = app.Clock.GetUtcNow();
        var person = Person("held");
        var (brokerId, _) = await app.CreateAccountAsync("Broker", approve: true);
        await TestData.TopUpAsync(app.Services, brokerId, 500m);
        await using var db = app.CreateDbContext();
        var provider = (await TestData.AddAccountsAsync(db, AccountRole.Provider, 1, now))[0];
        var lead = (await TestData.AddLeadsAsync(db, provider, 1, now, contact: person))[0];
        var market = app.Services.GetRequiredService<MarketService>();
        var hold = await market.ReserveAsync(lead.Id, brokerId);

        await app.Services.GetRequiredService<ErasureService>().EraseAsync(null, person.Email, ErasureRequesters.Admin, null);

        var pay = () => market.PayWithCreditsAsync(hold.ReservationId, brokerId);
        await pay.Should().ThrowAsync<HoldExpiredException>("nobody may pay for a contact that no longer exists");
        var stored = await db.Leads.AsNoTracking().SingleAsync(l => l.Id == lead.Id);
        stored.Status.Should().Be(LeadStatus.Erased);
        stored.HeldCount.Should().Be(0, "the market lists only leads in stock: an erased one never comes back");
    }

    [Fact]
    public async Task AnErasureNeedsAPhoneOrAnEmailAndAnAdminKey()
    {
        var admin = app.CreateApiClient(AppFactory.AdminApiKey);
        var (_, brokerKey) = await app.CreateAccountAsync("Broker", approve: true);

        var empty = await admin.PostAsJsonAsync("/api/v1/admin/erasures", new { });
        var badPhone = await admin.PostAsJsonAsync("/api/v1/admin/erasures", new { phone = "12" });
        var broker = await app.CreateApiClient(brokerKey).PostAsJsonAsync("/api/v1/admin/erasures", new { phone = "0612345678" });
        var nobody = await admin.PostAsJsonAsync("/api/v1/admin/erasures", new { phone = "0799999999" });

        empty.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        badPhone.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await badPhone.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("phone", out _).Should().BeTrue();
        broker.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        nobody.StatusCode.Should().Be(HttpStatusCode.OK);
        (await nobody.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("leads").GetInt32().Should().Be(0);
    }
}
