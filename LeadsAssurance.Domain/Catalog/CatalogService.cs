using LeadsAssurance.Domain.Audit;
using LeadsAssurance.Domain.Data;
using LeadsAssurance.Domain.Market;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace LeadsAssurance.Domain.Catalog;

/// <summary>A product as lists show it; <see cref="PriceSchedule"/> null for a fixed price; the commission for the admin.</summary>
public sealed record ProductSummary(
    string Code, string Label, string Category, decimal Price, int MaxBuyers, bool IsActive, string AttributesSchema,
    PriceSchedule? PriceSchedule = null, int SchemaVersion = 1, decimal CommissionRate = Product.DefaultCommissionRate,
    bool RequireNamedPartner = false);

/// <summary>
/// The admin's changes to a product: label, price (and how it falls with age, or null), places per shared lead, on sale
/// or not, and the commission on its sales (null: unchanged).
/// </summary>
public sealed record ProductChanges(string Label, decimal Price, int MaxBuyers, bool IsActive, PriceSchedule? PriceSchedule = null,
    decimal? CommissionRate = null, bool? RequireNamedPartner = null);

/// <summary>A product an admin creates: its identity, its price, and the first version of its schema.</summary>
public sealed record NewProduct(string? Code, string? Label, string? Category, decimal Price, int MaxBuyers, bool IsActive, string? Schema);

/// <summary>One saved version of a product's schema, as the admin's history lists it.</summary>
public sealed record SchemaVersionView(int Version, string Schema, DateTimeOffset CreatedAt, string? CreatedBy, int Leads);

/// <summary>
/// Reads and edits the product catalogue. Every change is audited and announced (<see cref="CatalogChanged"/>) so that
/// every node reads the new catalogue at once. A schema change is a new version: leads keep the one they were validated
/// against.
/// </summary>
public sealed partial class CatalogService(IDbContextFactory<AppDbContext> dbFactory, IMemoryCache cache, MarketEventBus events, TimeProvider time)
{
    internal const string CacheKey = "catalog:products";

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
                p.PriceStep == null ? null : new PriceSchedule(p.PriceFloor!.Value, p.PriceStep.Value, p.PriceStepInterval!.Value), p.SchemaVersion, p.CommissionRate,
                p.RequireNamedPartner))
            .ToListAsync(ct);
    }

    public async Task<ProductSummary?> GetAsync(string code, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Products.AsNoTracking().Where(p => p.Code == code)
            .Select(p => new ProductSummary(p.Code, p.Label, p.Category, p.Price, p.MaxBuyers, p.IsActive, p.AttributesSchema,
                p.PriceStep == null ? null : new PriceSchedule(p.PriceFloor!.Value, p.PriceStep.Value, p.PriceStepInterval!.Value), p.SchemaVersion, p.CommissionRate,
                p.RequireNamedPartner))
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
        if (changes.RequireNamedPartner is { } required)
            product.SetRequireNamedPartner(required);
        var after = Describe(product);
        db.AuditLog.Add(new AuditEntry(actorId, "product.updated", $"product:{code}", $"{before} → {after}", time.GetUtcNow()));
        await db.SaveChangesAsync(ct);
        Announce(product);
        return Summary(product);
    }

    /// <summary>
    /// Creates a product (the 19th, "sans migration"): its schema checked by <see cref="ProductSchemaCheck"/>, saved as
    /// version 1. <see cref="ValidationFailedException"/> with French errors per field ("code", "label", "schema"…),
    /// <see cref="ConflictException"/> when the code exists.
    /// </summary>
    public async Task<ProductSummary> CreateAsync(NewProduct input, Guid actorId, CancellationToken ct = default)
    {
        var code = input.Code?.Trim().ToUpperInvariant();
        var label = input.Label?.Trim();
        var category = input.Category?.Trim();
        var errors = new Dictionary<string, string[]>();
        if (code is null || !ProductCode().IsMatch(code))
            errors["code"] = ["Le code s'écrit en majuscules, chiffres et _ (3 à 40 caractères), par exemple « ASSURANCE_CHIEN »."];
        if (string.IsNullOrEmpty(label) || label.Length > 100)
            errors["label"] = ["Le libellé est obligatoire (100 caractères au plus)."];
        if (string.IsNullOrEmpty(category) || category.Length > 60)
            errors["category"] = ["La catégorie est obligatoire (60 caractères au plus)."];
        if (ProductSchemaCheck.Errors(input.Schema) is { Count: > 0 } schemaErrors)
            errors["schema"] = [.. schemaErrors];
        Product? product = null;
        try
        {
            product = new Product(code ?? "", label ?? "", category ?? "", input.Price, input.MaxBuyers,
                errors.ContainsKey("schema") ? "{}" : Compact(input.Schema), 0);
        }
        catch (DomainException e)
        {
            errors[e.Message.Contains("acheteurs", StringComparison.Ordinal) ? "maxBuyers" : "price"] = [e.Message];
        }
        if (errors.Count > 0 || product is null)
            throw new ValidationFailedException(errors);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await db.Products.AnyAsync(p => p.Code == code, ct))
            throw new ConflictException($"Le produit « {code} » existe déjà.");
        var now = time.GetUtcNow();
        product.Reorder(await db.Products.MaxAsync(p => (int?)p.SortOrder, ct) + 1 ?? 1);
        product.SetActive(input.IsActive);
        db.Products.Add(product);
        db.ProductSchemaVersions.Add(new ProductSchemaVersion(product.Code, 1, product.AttributesSchema, actorId, now));
        db.AuditLog.Add(new AuditEntry(actorId, "product.created", $"product:{code}", Describe(product), now));
        await db.SaveChangesAsync(ct);
        Announce(product);
        return Summary(product);
    }

    /// <summary>
    /// Saves a new version of a product's schema. Leads already accepted keep the version they were validated against;
    /// the next lead is validated against this one, on every node. <see cref="ValidationFailedException"/> ("schema")
    /// when the schema is outside what the forms support, <see cref="ConflictException"/> when nothing changed.
    /// </summary>
    public async Task<ProductSummary> ChangeSchemaAsync(string code, string? schema, Guid actorId, CancellationToken ct = default)
    {
        if (ProductSchemaCheck.Errors(schema) is { Count: > 0 } errors)
            throw new ValidationFailedException(new Dictionary<string, string[]> { ["schema"] = [.. errors] });
        var compact = Compact(schema);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var product = await db.Products.FromSql($"select * from products where code = {code} for update").SingleOrDefaultAsync(ct)
            ?? throw new NotFoundException("Produit introuvable.");
        if (System.Text.Json.Nodes.JsonNode.DeepEquals(System.Text.Json.Nodes.JsonNode.Parse(product.AttributesSchema), System.Text.Json.Nodes.JsonNode.Parse(compact)))
            throw new ConflictException("Ce schéma est identique à la version en vigueur : rien à enregistrer.");
        var now = time.GetUtcNow();
        var version = product.ChangeSchema(compact);
        db.ProductSchemaVersions.Add(new ProductSchemaVersion(code, version, compact, actorId, now));
        db.AuditLog.Add(new AuditEntry(actorId, "product.schema.changed", $"product:{code}", $"version {version - 1} → {version}", now));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        Announce(product);
        return Summary(product);
    }

    /// <summary>The saved versions of a product's schema, newest first, with how many leads were validated against each.</summary>
    public async Task<IReadOnlyList<SchemaVersionView>> VersionsAsync(string code, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var counts = await db.Leads.Where(l => l.ProductCode == code).GroupBy(l => l.SchemaVersion)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        var versions = await db.ProductSchemaVersions.AsNoTracking().Where(v => v.ProductCode == code).OrderByDescending(v => v.Version)
            .Select(v => new { v.Version, v.Schema, v.CreatedAt, By = db.Users.Where(u => u.Id == v.CreatedBy).Select(u => u.Email).FirstOrDefault() })
            .ToListAsync(ct);
        return [.. versions.Select(v => new SchemaVersionView(v.Version, v.Schema, v.CreatedAt, v.By, counts.GetValueOrDefault(v.Version)))];
    }

    /// <summary>The schema a lead was validated against (its version), for screens that show an old lead's attributes.</summary>
    public async Task<string?> SchemaAsync(string code, int version, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.ProductSchemaVersions.Where(v => v.ProductCode == code && v.Version == version).Select(v => v.Schema).SingleOrDefaultAsync(ct);
    }

    private void Announce(Product product)
    {
        CatalogCacheInvalidator.Invalidate(cache);
        events.Publish(new CatalogChanged(product.Code, product.SchemaVersion, time.GetUtcNow()));
    }

    /// <summary>The schema as stored: one line, the admin's formatting dropped (jsonb keeps no formatting anyway).</summary>
    private static string Compact(string? schema) =>
        System.Text.Json.Nodes.JsonNode.Parse(schema!)!.ToJsonString(new System.Text.Json.JsonSerializerOptions
        {
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        });

    private static ProductSummary Summary(Product p) =>
        new(p.Code, p.Label, p.Category, p.Price, p.MaxBuyers, p.IsActive, p.AttributesSchema, p.PriceSchedule, p.SchemaVersion, p.CommissionRate,
            p.RequireNamedPartner);

    [System.Text.RegularExpressions.GeneratedRegex("^[A-Z][A-Z0-9_]{2,39}$")]
    private static partial System.Text.RegularExpressions.Regex ProductCode();

    private static string Describe(Product p) =>
        $"{p.Label} · {p.Price} €{(p.PriceSchedule is { } s ? $" (−{s.Step} € / {s.Interval:g}, plancher {s.Floor} €)" : "")} · "
        + $"{p.MaxBuyers} acheteur(s) · commission {(p.CommissionRate * 100m).ToString("0.##", France.Culture)} % · {(p.IsActive ? "actif" : "inactif")}"
        + (p.RequireNamedPartner ? " · acheteur cité dans le consentement exigé" : "");
}
