using System.Text.Json;
using System.Text.Json.Nodes;
using LeadsAssurance.Domain.Data;
using Microsoft.EntityFrameworkCore;

namespace LeadsAssurance.Domain.Catalog;

/// <summary>The 18 products the marketplace starts with, shipped as JSON resources (Catalog/Schemas).</summary>
public static class CatalogSeed
{
    private const string ResourcePrefix = "LeadsAssurance.Catalog.";

    public static IReadOnlyList<Product> LoadDefinitions()
    {
        var assembly = typeof(CatalogSeed).Assembly;
        var products = new List<Product>();
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            var node = JsonNode.Parse(stream)!.AsObject();
            products.Add(new Product(
                node["code"]!.GetValue<string>(),
                node["label"]!.GetValue<string>(),
                node["category"]!.GetValue<string>(),
                node["price"]!.GetValue<decimal>(),
                node["maxBuyers"]!.GetValue<int>(),
                node["schema"]!.ToJsonString(new JsonSerializerOptions { WriteIndented = false }),
                node["sortOrder"]!.GetValue<int>()));
        }
        return [.. products.OrderBy(p => p.SortOrder)];
    }

    /// <summary>Adds the products that are missing; never overwrites what an admin changed.</summary>
    public static async Task<int> EnsureSeededAsync(AppDbContext db, TimeProvider time, CancellationToken ct = default)
    {
        var existing = await db.Products.Select(p => p.Code).ToListAsync(ct);
        var missing = LoadDefinitions().Where(p => !existing.Contains(p.Code)).ToList();
        db.Products.AddRange(missing);
        // Each shipped schema is its product's version 1.
        db.ProductSchemaVersions.AddRange(missing.Select(p => new ProductSchemaVersion(p.Code, 1, p.AttributesSchema, null, time.GetUtcNow())));
        await db.SaveChangesAsync(ct);
        return missing.Count;
    }
}
