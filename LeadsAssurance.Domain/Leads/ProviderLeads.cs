using LeadsAssurance.Domain.Data;
using LeadsAssurance.Domain.Ingestion;
using Microsoft.EntityFrameworkCore;

namespace LeadsAssurance.Domain.Leads;

public sealed record ProviderLeadQuery(LeadStatus? Status, string? ProductCode, int Page, int PageSize)
{
    public const int MaxPageSize = 200;
}

/// <summary>A provider's own lead: never who bought it.</summary>
public sealed record ProviderLead(Guid Id, string ProductCode, string ProductLabel, LeadStatus Status, decimal Price, int MaxBuyers, int SoldCount,
    string Departement, string City, DateTimeOffset CreatedAt, DateTimeOffset ConsentCapturedAt, string? ProofHash);

public sealed record ProviderLeadPage(IReadOnlyList<ProviderLead> Items, int Total);

/// <summary>Sent, accepted, refused (invalid or duplicate), sold: a provider's ingestion at a glance.</summary>
public sealed record ProviderCounts(int Submitted, int Accepted, int Invalid, int Duplicates, int Sold, int OnSale, decimal Revenue);

/// <summary>Reads a provider's leads and counts, always filtered on the provider.</summary>
public sealed class ProviderLeads(IDbContextFactory<AppDbContext> dbFactory)
{
    /// <summary>One page of the provider's leads, newest first; <see cref="ValidationFailedException"/> for a page out of bounds.</summary>
    public async Task<ProviderLeadPage> ListAsync(Guid providerId, ProviderLeadQuery query, CancellationToken ct = default)
    {
        var errors = new Dictionary<string, string[]>();
        Paging.Check(query.Page, query.PageSize, ProviderLeadQuery.MaxPageSize, errors);
        if (errors.Count > 0)
            throw new ValidationFailedException(errors);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var leads = db.Leads.AsNoTracking().Where(l => l.ProviderId == providerId);
        if (query.Status is { } status)
            leads = leads.Where(l => l.Status == status);
        if (!string.IsNullOrEmpty(query.ProductCode))
            leads = leads.Where(l => l.ProductCode == query.ProductCode);
        var total = await leads.CountAsync(ct);
        var items = await leads.OrderByDescending(l => l.CreatedAt).ThenBy(l => l.Id)
            .Skip(Paging.Offset(query.Page, query.PageSize)).Take(query.PageSize)
            .Select(l => new ProviderLead(l.Id, l.ProductCode, l.Product.Label, l.Status, l.Price, l.MaxBuyers, l.SoldCount, l.Departement, l.City,
                l.CreatedAt, l.ConsentCapturedAt, db.ConsentRecords.Where(c => c.LeadId == l.Id).Select(c => c.ProofHash).FirstOrDefault()))
            .ToListAsync(ct);
        return new ProviderLeadPage(items, total);
    }

    public async Task<ProviderCounts> CountsAsync(Guid providerId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var stats = await db.IngestionStats.Where(s => s.ProviderId == providerId)
            .GroupBy(s => 1).Select(g => new { Submitted = g.Sum(s => s.Submitted), Accepted = g.Sum(s => s.Accepted), Invalid = g.Sum(s => s.Invalid), Duplicates = g.Sum(s => s.Duplicates) })
            .FirstOrDefaultAsync(ct);
        var sold = await db.Leads.CountAsync(l => l.ProviderId == providerId && l.SoldCount > 0, ct);
        var onSale = await db.Leads.CountAsync(l => l.ProviderId == providerId && l.Status == LeadStatus.Stock, ct);
        var revenue = await db.Purchases.Where(p => db.Leads.Any(l => l.Id == p.LeadId && l.ProviderId == providerId)).SumAsync(p => (decimal?)p.Price, ct) ?? 0m;
        return new ProviderCounts(stats?.Submitted ?? 0, stats?.Accepted ?? 0, stats?.Invalid ?? 0, stats?.Duplicates ?? 0, sold, onSale, revenue);
    }
}
