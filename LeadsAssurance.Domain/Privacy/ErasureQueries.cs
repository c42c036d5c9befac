using LeadsAssurance.Domain.Data;
using Microsoft.EntityFrameworkCore;

namespace LeadsAssurance.Domain.Privacy;

/// <summary>A proof of erasure as the admin lists it: no personal data, by construction.</summary>
public sealed record ErasureView(Guid LeadId, string ProductCode, string ProofHash, int FormatVersion, DateTimeOffset ErasedAt,
    string RequestedBy, DateTimeOffset? VerifiedAt);

public sealed class ErasureQueries(IDbContextFactory<AppDbContext> dbFactory)
{
    public async Task<IReadOnlyList<ErasureView>> RecentAsync(int take = 50, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await (
            from e in db.IdentityErasures.AsNoTracking()
            join l in db.Leads on e.LeadId equals l.Id
            orderby e.ErasedAt descending, e.LeadId
            select new ErasureView(e.LeadId, l.ProductCode, e.ProofHash, e.FormatVersion, e.ErasedAt, e.RequestedBy, e.VerifiedAt))
            .Take(take).ToListAsync(ct);
    }
}
