using LeadsAssurance.Domain.Audit;
using LeadsAssurance.Domain.Data;
using LeadsAssurance.Domain.Market;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace LeadsAssurance.Domain.Catalog;

/// <summary>A product as lists show it; <see cref="PriceSchedule"/> null for a fixed price; the commission for the admin.</summary>
public sealed record ProductSummary(
    string Code, string Label, string Category, decimal Price, int MaxBuyers, bool IsActive, string AttributesSchema,
    PriceSchedule? PriceSchedule = null, decimal CommissionRate = Product.DefaultCommissionRate);

/// <summary>
/// The admin's changes to a product: label, price (and how it falls with age, or null), places per shared lead, on sale
/// or not, and the commission on its sales (null: unchanged).
/// </summary>
public sealed record ProductChanges(string Label, decimal Price, int MaxBuyers, bool IsActive, PriceSchedule? PriceSchedule = null,
    decimal? CommissionRate = null);

/// <summary>Reads and edits the product catalogue. Every change is audited.</summary>
public sealed class CatalogService(IDbContextFactory<AppDbContext> dbFactory, IMemoryCache cache, TimeProvider time)
{
    private const string CacheKey = "catalog:products";

    /// <summary>Cached briefly and shared by every circuit: the market room reads it on each open.</summary>
    public async Task<IReadOnlyList<ProductSummary>> ListAsync(bool activeOnly = false, CancellationToken ct = default)
    {
        // Read for every row of an import: the cached list without allocating the factory's closure when it is there.
        if (!cache.TryGetValue(CacheKey, out IReadOnlyList<ProductSummary>? all))
            all = await LoadCachedAsync(ct);
        return activeOnly ? [.. all!.Where(p => p.IsActive)] : all!;
    }

    private async Task<IReadOnlyList<ProductSummary>> LoadCachedAsync(CancellationToken ct) =>
        (await cache.GetOrCreateAsync(CacheKey, async entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = TimeSpan.FromSeconds(30);
            return await LoadAsync(ct);
        }))!;

    private async Task<IReadOnlyList<ProductSummary>> LoadAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Products.AsNoTracking()
            .OrderBy(p => p.SortOrder)
            .Select(p => new ProductSummary(p.Code, p.Label, p.Category, p.Price, p.MaxBuyers, p.IsActive, p.AttributesSchema,
                p.PriceStep == null ? null : new PriceSchedule(p.PriceFloor!.Value, p.PriceStep.Value, p.PriceStepInterval!.Value), p.CommissionRate))
            .ToListAsync(ct);
    }

    public async Task<ProductSummary?> GetAsync(string code, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Products.AsNoTracking().Where(p => p.Code == code)
            .Select(p => new ProductSummary(p.Code, p.Label, p.Category, p.Price, p.MaxBuyers, p.IsActive, p.AttributesSchema,
                p.PriceStep == null ? null : new PriceSchedule(p.PriceFloor!.Value, p.PriceStep.Value, p.PriceStepInterval!.Value), p.CommissionRate))
            .SingleOrDefaultAsync(ct);
    }

    public async Task<ProductSummary> UpdateAsync(string code, ProductChanges changes, Guid actorId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var product = await db.Products.SingleOrDefaultAsync(p => p.Code == code, ct)
            ?? throw new NotFoundException("Produit introuvable.");
        var before = Describe(product);
        product.Rename(changes.Label);
        product.ChangePricing(changes.Price, changes.MaxBuyers);
        product.ChangePriceSchedule(changes.PriceSchedule);
        product.SetActive(changes.IsActive);
        if (changes.CommissionRate is { } rate)
            product.ChangeCommission(rate);
        var after = Describe(product);
        db.AuditLog.Add(new AuditEntry(actorId, "product.updated", $"product:{code}", $"{before} → {after}", time.GetUtcNow()));
        await db.SaveChangesAsync(ct);
        cache.Remove(CacheKey);
        return new ProductSummary(product.Code, product.Label, product.Category, product.Price, product.MaxBuyers, product.IsActive,
            product.AttributesSchema, product.PriceSchedule, product.CommissionRate);
    }

    private static string Describe(Product p) =>
        $"{p.Label} · {p.Price} €{(p.PriceSchedule is { } s ? $" (−{s.Step} € / {s.Interval:g}, plancher {s.Floor} €)" : "")} · "
        + $"{p.MaxBuyers} acheteur(s) · commission {(p.CommissionRate * 100m).ToString("0.##", France.Culture)} % · {(p.IsActive ? "actif" : "inactif")}";
}
