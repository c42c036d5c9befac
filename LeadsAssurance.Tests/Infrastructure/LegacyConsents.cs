using Bogus;
using LeadsAssurance.Domain.Catalog;
using LeadsAssurance.Domain.Consent;
using LeadsAssurance.Domain.Data;
using LeadsAssurance.Domain.Leads;
using Microsoft.EntityFrameworkCore;

namespace LeadsAssurance.Tests.Infrastructure;

/// <summary>
/// Leads whose consent is in the version-1 canonical form (the identity hashed in clear), as every record written before
/// version 2 is: the app writes only version 2 now, so tests write these by hand, on the chain like the app would.
/// </summary>
public static class LegacyConsents
{
    public static async Task<Lead> AddAsync(AppDbContext db, Guid providerId, DateTimeOffset now, LeadContact contact)
    {
        var product = await db.Products.SingleAsync(p => p.Code == "MUTUELLE_SANTE");
        var attributes = SchemaSampler.Sample(product.AttributesSchema, new Randomizer(3), DateOnly.FromDateTime(now.UtcDateTime)).ToJsonString();
        var lead = new Lead(Guid.CreateVersion7(now), product, providerId, contact, "69", attributes, exclusive: true, now);
        var capture = new ConsentCapture("J'accepte d'être contacté (v1).", "T0", ConsentHasher.TruncateToMicroseconds(now.AddMinutes(-5)),
            "203.0.113.7", "Mozilla/5.0", "https://exemple.fr/v1", ["Courtier"]);
        await using var tx = await db.Database.BeginTransactionAsync();
        var head = await db.ConsentChainHeads.FromSqlRaw("select * from consent_chain_heads where id = 1 for update").SingleAsync();
        var position = head.Position + 1;
        var hash = ConsentHasher.ComputeHash(ConsentChain.HashInput(lead.Id, providerId, product.Code, contact, capture, position, head.Hash));
        lead.AttachConsentTime(capture.CapturedAt);
        db.Leads.Add(lead);
        db.ConsentRecords.Add(new ConsentRecord(lead.Id, providerId, capture, position, head.Hash, hash, now, identityDigest: null));
        head.Position = position;
        head.Hash = hash;
        await db.SaveChangesAsync();
        await tx.CommitAsync();
        return lead;
    }
}
