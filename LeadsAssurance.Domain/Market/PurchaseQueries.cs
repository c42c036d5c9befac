using LeadsAssurance.Domain.Data;
using Microsoft.EntityFrameworkCore;

namespace LeadsAssurance.Domain.Market;

/// <summary>A broker's own purchases, with the contacts he paid for. Never anyone else's.</summary>
public sealed class PurchaseQueries(IDbContextFactory<AppDbContext> dbFactory)
{
    public async Task<IReadOnlyList<PurchasedLead>> ListAsync(Guid brokerId, string? search = null, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var scope = await BrokerRowSecurity.BeginAsync(db, brokerId, ct);
        var query = db.Purchases.AsNoTracking().Where(p => p.BrokerId == brokerId);
        if (!string.IsNullOrWhiteSpace(search))
        {
            var term = $"%{search.Trim()}%";
            query = query.Where(p => EF.Functions.ILike(p.Lead.LastName, term) || EF.Functions.ILike(p.Lead.FirstName, term)
                || EF.Functions.ILike(p.Lead.Email, term) || EF.Functions.ILike(p.Lead.Phone, term)
                || EF.Functions.ILike(p.Lead.City, term) || EF.Functions.ILike(p.Lead.ProductCode, term));
        }
        return await query.OrderByDescending(p => p.PurchasedAt)
            .Select(p => new PurchasedLead(p.Lead.Id, p.Lead.ProductCode, p.Lead.FirstName, p.Lead.LastName, p.Lead.Phone,
                p.Lead.Email, p.Lead.ZipCode, p.Lead.City, p.Lead.Departement, p.Lead.Attributes, p.Price, p.Lead.CreatedAt, p.PurchasedAt, p.FlowId,
                db.Flows.Where(f => f.Id == p.FlowId).Select(f => f.Name).FirstOrDefault(), p.Lead.ErasedAt))
            .ToListAsync(ct);
    }

    /// <summary>The broker's active holds, for the market room after a reload.</summary>
    public async Task<IReadOnlyList<HoldResult>> ActiveHoldsAsync(Guid brokerId, DateTimeOffset now, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Reservations.AsNoTracking()
            .Where(r => r.BrokerId == brokerId && r.Status == ReservationStatus.Active && r.ExpiresAt > now)
            .OrderBy(r => r.ExpiresAt)
            .Select(r => new HoldResult(r.Id, r.LeadId, r.ExpiresAt, r.Price))
            .ToListAsync(ct);
    }
}
