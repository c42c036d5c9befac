using Bogus;
using LeadsAssurance.Domain.Catalog;
using LeadsAssurance.Domain.Consent;
using LeadsAssurance.Domain.Data;
using LeadsAssurance.Domain.Leads;
using Microsoft.EntityFrameworkCore;

namespace LeadsAssurance.Tests.Infrastructure;

/// <summary>
/// Leads whose consent is in an earlier canonical form (version 1: the identity hashed in clear; version 2: its digest,
/// without version 3's facts), as records written before are: the app writes only the current version, so tests write
/// these by hand, on the chain like the app would.
/// </summary>
public static class LegacyConsents
{
    public static Task<Lead> AddAsync(AppDbContext db, Guid providerId, DateTimeOffset now, LeadContact contact) =>
        AddAsync(db, providerId, now, contact, ConsentHasher.ClearIdentityVersion);

    /// <summary>A lead whose consent is in the version-2 form (the identity as a salted digest, without version 3's facts).</summary>
    public static Task<Lead> AddVersion2Async(AppDbContext db, Guid providerId, DateTimeOffset now, LeadContact contact) =>
        AddAsync(db, providerId, now, contact, ConsentHasher.DigestVersion);

    private static async Task<Lead> AddAsync(AppDbContext db, Guid providerId, DateTimeOffset now, LeadContact contact, int version)
    {
        var product = await db.Products.SingleAsync(p => p.Code == "MUTUELLE_SANTE");
        var attributes = SchemaSampler.Sample(product.AttributesSchema, new Randomizer(3), DateOnly.FromDateTime(now.UtcDateTime)).ToJsonString();
        var lead = new Lead(Guid.CreateVersion7(now), product, providerId, contact, "69", attributes, exclusive: true, now);
        var capture = new ConsentCapture("J'accepte d'être contacté (v1).", "T0", ConsentHasher.TruncateToMicroseconds(now.AddMinutes(-5)),
            "203.0.113.7", "Mozilla/5.0", "https://exemple.fr/v1", ["Courtier"]);
        await using var tx = await db.Database.BeginTransactionAsync();
        var head = await db.ConsentChainHeads.FromSqlRaw("select * from consent_chain_heads where id = 1 for update").SingleAsync();
        var position = head.Position + 1;
        var salt = version == ConsentHasher.ClearIdentityVersion ? null : IdentityDigest.NewSalt();
        var digest = salt is null ? null : IdentityDigest.Compute(salt, contact);
        var hash = ConsentHasher.ComputeHash(ConsentChain.HashInput(lead.Id, providerId, product.Code, contact, capture, position, head.Hash)
            with { IdentityDigest = digest, FormatVersion = version });
        lead.AttachConsentTime(capture.CapturedAt);
        if (salt is not null)
            lead.AttachIdentitySalt(salt);
        db.Leads.Add(lead);
        db.ConsentRecords.Add(new ConsentRecord(lead.Id, providerId, capture, position, head.Hash, hash, now, digest, version));
        head.Position = position;
        head.Hash = hash;
        await db.SaveChangesAsync();
        await tx.CommitAsync();
        return lead;
    }
}
