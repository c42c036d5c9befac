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

        var records = new List<ConsentRecord>(items.Count);
        foreach (var (lead, capture) in items)
        {
            var position = head.Position + 1;
            var contact = new LeadContact(lead.FirstName, lead.LastName, lead.Phone, lead.Email, lead.ZipCode, lead.City);
            var normalized = capture with { CapturedAt = ConsentHasher.TruncateToMicroseconds(capture.CapturedAt) };
            var hash = ConsentHasher.ComputeHash(new ConsentHashInput(
                lead.Id, lead.ProviderId, lead.ProductCode, contact, normalized.Text, normalized.TextVersion,
                normalized.Partners, normalized.CapturedAt, normalized.IpAddress, normalized.UserAgent,
                normalized.SourceUrl, position, head.Hash));
            var record = new ConsentRecord(lead.Id, lead.ProviderId, normalized, position, head.Hash, hash, now);
            lead.AttachConsentTime(normalized.CapturedAt);
            records.Add(record);
            head.Position = position;
            head.Hash = hash;
        }
        db.ConsentRecords.AddRange(records);
        return records;
    }
}
