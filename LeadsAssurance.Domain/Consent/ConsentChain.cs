using LeadsAssurance.Domain.Data;
using LeadsAssurance.Domain.Leads;
using Microsoft.EntityFrameworkCore;

namespace LeadsAssurance.Domain.Consent;

/// <summary>Appends consent records to the platform-wide hash chain, inside the caller's transaction.</summary>
public static class ConsentChain
{
    /// <summary>
    /// Locks the chain head, links each lead's consent after it and moves the head. The caller owns the transaction
    /// and must commit it: the lock is held until then, which is what keeps the chain linear under concurrency.
    /// </summary>
    public static async Task<IReadOnlyList<ConsentRecord>> AppendAsync(
        AppDbContext db, IReadOnlyList<(Lead Lead, ConsentCapture Capture)> items, DateTimeOffset now, CancellationToken ct)
    {
        if (db.Database.CurrentTransaction is null)
            throw new InvalidOperationException("Consent records must be appended inside a transaction.");

        var head = await db.ConsentChainHeads
            .FromSqlRaw("select * from consent_chain_heads where id = 1 for update")
            .SingleAsync(ct);
        var records = Link(head, items, now);
        db.ConsentRecords.AddRange(records);
        return records;
    }

    /// <summary>
    /// Computes the records that follow <paramref name="head"/> (which the caller holds locked) and advances it.
    /// Sets each lead's consent time, truncated to what PostgreSQL stores so the hash survives a round trip.
    /// </summary>
    public static IReadOnlyList<ConsentRecord> Link(ConsentChainHead head, IEnumerable<(Lead Lead, ConsentCapture Capture)> items, DateTimeOffset now) =>
        Link(head, items.Select(i =>
        {
            var prepared = Prepare(i.Lead.Id, i.Lead.ProviderId, i.Lead.ProductCode,
                new LeadContact(i.Lead.FirstName, i.Lead.LastName, i.Lead.Phone, i.Lead.Email, i.Lead.ZipCode, i.Lead.City), i.Capture);
            return (i.Lead, prepared.Capture, prepared.Hash);
        }), now);

    /// <summary>
    /// The same, for consents whose canonical form was prepared beforehand (<see cref="Prepare"/>, outside the chain
    /// lock): only the SHA-256 of each link is computed here.
    /// </summary>
    public static IReadOnlyList<ConsentRecord> Link(ConsentChainHead head,
        IEnumerable<(Lead Lead, ConsentCapture Capture, ConsentHashTemplate Hash)> items, DateTimeOffset now)
    {
        var records = new List<ConsentRecord>();
        foreach (var (lead, capture, template) in items)
        {
            var position = head.Position + 1;
            var hash = template.Compute(position, head.Hash);
            records.Add(new ConsentRecord(lead.Id, lead.ProviderId, capture, position, head.Hash, hash, now, template.IdentityDigest));
            lead.AttachConsentTime(capture.CapturedAt);
            lead.AttachPartners(capture.Partners);
            if (template.IdentitySalt is { } salt)
                lead.AttachIdentitySalt(salt);
            head.Position = position;
            head.Hash = hash;
        }
        return records;
    }

    /// <summary>
    /// The consent as stored (capture time truncated to microseconds) and its canonical form in the current version
    /// (the identity as a digest under a fresh salt), ready to link.
    /// </summary>
    public static (ConsentCapture Capture, ConsentHashTemplate Hash) Prepare(Guid leadId, Guid providerId, string productCode,
        LeadContact contact, ConsentCapture capture)
    {
        var normalized = capture with { CapturedAt = ConsentHasher.TruncateToMicroseconds(capture.CapturedAt) };
        var salt = IdentityDigest.NewSalt();
        var digest = IdentityDigest.Compute(salt, contact);
        var template = ConsentHasher.Template(HashInput(leadId, providerId, productCode, contact, normalized, 0, "") with { IdentityDigest = digest });
        template.IdentityDigest = digest;
        template.IdentitySalt = salt;
        return (normalized, template);
    }

    /// <summary>What the proof hash covers, from a lead's identity and its consent (also used to verify stored records).</summary>
    public static ConsentHashInput HashInput(Guid leadId, Guid providerId, string productCode, LeadContact contact, ConsentCapture capture,
        long position, string previousHash) => new(
        leadId, providerId, productCode, contact, capture.Text, capture.TextVersion, capture.Partners, capture.CapturedAt,
        capture.IpAddress, capture.UserAgent, capture.SourceUrl, position, previousHash,
        CheckboxUncheckedByDefault: capture.CheckboxUncheckedByDefault, PageSnapshotSha256: capture.PageSnapshotSha256,
        PartnerList: capture.PartnerList);
}
