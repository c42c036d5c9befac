using System.Text.Json;
using LeadsAssurance.Domain.Data;
using LeadsAssurance.Web.Hosting.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace LeadsAssurance.Web.Endpoints;

public sealed record ProductResponse(string Code, string Label, decimal Price, int MaxBuyers, JsonElement Schema);

public static class CatalogEndpoints
{
    public static void MapCatalogEndpoints(this RouteGroupBuilder v1)
    {
        v1.MapGet("/products", ListAsync).RequireAuthorization(Policies.Active).WithTags("Catalogue").ProducesKeyErrors()
            .WithName("ListProducts").WithSummary("Catalogue des produits")
            .WithDescription("Les produits en vente (assurance, crédit) avec leur prix, le nombre d'acheteurs possibles et le schéma JSON des attributs d'un lead.");
    }

    private static async Task<Ok<List<ProductResponse>>> ListAsync(AppDbContext db, CancellationToken ct)
    {
        var products = await db.Products.AsNoTracking().Where(p => p.IsActive).OrderBy(p => p.SortOrder)
            .Select(p => new { p.Code, p.Label, p.Price, p.MaxBuyers, p.AttributesSchema })
            .ToListAsync(ct);
        return TypedResults.Ok(products
            .Select(p => new ProductResponse(p.Code, p.Label, p.Price, p.MaxBuyers, JsonDocument.Parse(p.AttributesSchema).RootElement))
            .ToList());
    }
}
