using LeadsAssurance.Domain.Data;
using Microsoft.EntityFrameworkCore;

namespace LeadsAssurance.Domain.Consent;

/// <summary>Reads a lead's collection page snapshot for those who may see it: a buyer of the lead, or an admin.</summary>
public sealed class ConsentPageSnapshots(IDbContextFactory<AppDbContext> dbFactory)
{
    /// <summary>
    /// The snapshot the lead's consent names, when <paramref name="accountId"/> bought the lead or <paramref name="admin"/>;
    /// null otherwise (no snapshot, unknown lead, or not his: the caller answers 404 alike).
    /// </summary>
    public async Task<ConsentPageSnapshot?> ForLeadAsync(Guid leadId, Guid accountId, bool admin, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var records = db.ConsentRecords.Where(c => c.LeadId == leadId);
        if (!admin)
            records = records.Where(c => db.Purchases.Any(p => p.LeadId == c.LeadId && p.BrokerId == accountId));
        return await (from c in records
                      join s in db.ConsentPageSnapshots on c.PageSnapshotSha256 equals s.Sha256
                      select s).AsNoTracking().FirstOrDefaultAsync(ct);
    }
}
