using LeadsAssurance.Domain.Accounts;
using LeadsAssurance.Domain.Consent;
using LeadsAssurance.Domain.Leads;
using LeadsAssurance.Domain.Privacy;
using LeadsAssurance.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LeadsAssurance.Tests.Integration.Privacy;

/// <summary>Erasure keeps the chain verifiable, not forgiving: what remains of an erased record is still checked. Each test alters its own database.</summary>
public class ErasedChainTamperingTests
{
    private static readonly LeadContact Person = new("Jean-Paul", "Garnier-Morel", "+33622334455", "jp.garnier@exemple.fr", "69003", "Lyon");

    [Fact]
    public async Task AChainTamperedAfterAnErasureBreaksAtTheTamperedRecordOfEitherVersion()
    {
        await using var app = await AppFactory.StartAsync<MarketFactory>();
        var now = app.Clock.GetUtcNow();
        await using var db = app.CreateDbContext();
        var provider = (await TestData.AddAccountsAsync(db, AccountRole.Provider, 1, now))[0];
        await TestData.AddLeadsAsync(db, provider, 2, now);
        var legacy = await LegacyConsents.AddAsync(db, provider, now, Person);
        var current = (await TestData.AddLeadsAsync(db, provider, 1, now, "ASSURANCE_AUTO", contact: Person))[0];
        await TestData.AddLeadsAsync(db, provider, 2, now);
        await app.Services.GetRequiredService<ErasureService>().EraseAsync(null, Person.Email, ErasureRequesters.Admin, null);
        var verifier = app.Services.GetRequiredService<ConsentVerifier>();
        var positions = await db.ConsentRecords.Where(c => c.LeadId == legacy.Id || c.LeadId == current.Id).ToDictionaryAsync(c => c.LeadId, c => c.ChainPosition);
        (await verifier.VerifyChainAsync()).Valid.Should().BeTrue();

        // The zip code stays after an erasure, under both versions' hashes.
        await db.Database.ExecuteSqlAsync($"update leads set zip_code = '75001' where id = {legacy.Id}");
        var legacyBroken = await verifier.VerifyChainAsync();
        await db.Database.ExecuteSqlAsync($"update leads set zip_code = '69003' where id = {legacy.Id}");
        // The consent's own fields, behind the append-only trigger's back (as someone with the owner's rights could).
        await db.Database.ExecuteSqlAsync($"""
            alter table consent_records disable trigger consent_records_append_only;
            update consent_records set ip_address = '198.51.100.1' where lead_id = {current.Id};
            alter table consent_records enable trigger consent_records_append_only;
            """);
        var currentBroken = await verifier.VerifyChainAsync();

        legacyBroken.Valid.Should().BeFalse();
        legacyBroken.FirstBrokenPosition.Should().Be(positions[legacy.Id]);
        currentBroken.Valid.Should().BeFalse();
        currentBroken.FirstBrokenPosition.Should().Be(positions[current.Id]);
        (await verifier.VerifyAsync((await db.ConsentRecords.SingleAsync(c => c.LeadId == current.Id)).ProofHash))!.Valid.Should().BeFalse();
    }

    [Fact]
    public async Task AVersionOneRecordAlteredBeforeItsErasureStaysInvalidAfterIt()
    {
        await using var app = await AppFactory.StartAsync<MarketFactory>();
        var now = app.Clock.GetUtcNow();
        await using var db = app.CreateDbContext();
        var provider = (await TestData.AddAccountsAsync(db, AccountRole.Provider, 1, now))[0];
        var legacy = await LegacyConsents.AddAsync(db, provider, now, Person);
        var hash = (await db.ConsentRecords.SingleAsync(c => c.LeadId == legacy.Id)).ProofHash;
        await db.Database.ExecuteSqlAsync($"update leads set last_name = 'Autre' where id = {legacy.Id}");
        var verifier = app.Services.GetRequiredService<ConsentVerifier>();
        (await verifier.VerifyAsync(hash))!.Valid.Should().BeFalse();

        await app.Services.GetRequiredService<ErasureService>().EraseAsync(Person.Phone, null, ErasureRequesters.Admin, null);

        var after = (await verifier.VerifyAsync(hash))!;
        after.Valid.Should().BeFalse("an erasure must not launder a proof that no longer matched");
        after.Problem.Should().Contain("sans vérification préalable");
        after.IdentityErasedAt.Should().Be(now);
        (await db.IdentityErasures.SingleAsync(e => e.LeadId == legacy.Id)).VerifiedAt.Should().BeNull();
    }

    [Fact]
    public async Task AVersionTwoIdentityChangedWhileHeldNoLongerMatchesItsDigest()
    {
        await using var app = await AppFactory.StartAsync<MarketFactory>();
        var now = app.Clock.GetUtcNow();
        await using var db = app.CreateDbContext();
        var provider = (await TestData.AddAccountsAsync(db, AccountRole.Provider, 1, now))[0];
        var lead = (await TestData.AddLeadsAsync(db, provider, 1, now, contact: Person))[0];
        var record = await db.ConsentRecords.SingleAsync(c => c.LeadId == lead.Id);
        var verifier = app.Services.GetRequiredService<ConsentVerifier>();

        await db.Database.ExecuteSqlAsync($"update leads set email = 'autre@exemple.fr' where id = {lead.Id}");

        var check = (await verifier.VerifyAsync(record.ProofHash))!;
        check.Valid.Should().BeFalse();
        check.Problem.Should().Contain("identité du lead ne correspond plus");
        (await verifier.VerifyChainAsync()).FirstBrokenPosition.Should().Be(record.ChainPosition);
    }
}
