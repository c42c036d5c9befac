using System.Security.Claims;
using LeadsAssurance.Domain.Ingestion;
using LeadsAssurance.Web.Hosting.Auth;

namespace LeadsAssurance.Web.Endpoints;

/// <summary>Files the import page links to: a product's CSV template and an import's per-row error report.</summary>
public static class ImportDownloads
{
    public static IEndpointRouteBuilder MapImportDownloads(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/provider/imports").RequireAuthorization(Policies.Provider).ExcludeFromDescription();
        group.MapGet("/template/{productCode}.csv", async (string productCode, ImportDocuments documents, CancellationToken ct) =>
        {
            var csv = await documents.TemplateAsync(productCode, ct);
            return Results.File([.. System.Text.Encoding.UTF8.GetPreamble(), .. System.Text.Encoding.UTF8.GetBytes(csv)], "text/csv; charset=utf-8",
                $"modele-{productCode.ToLowerInvariant()}.csv");
        });
        group.MapGet("/{id:guid}/errors.csv", async (Guid id, HttpContext http, LeadImports imports, ImportDocuments documents, ClaimsPrincipal user, CancellationToken ct) =>
        {
            var summary = await imports.GetAsync(user.RequiredAccountId(), id, ct);
            if (summary is null)
                return Results.NotFound();
            http.Response.ContentType = "text/csv; charset=utf-8";
            http.Response.Headers.ContentDisposition = $"attachment; filename=\"erreurs-import-{id.ToString()[..8]}.csv\"";
            await documents.WriteErrorReportAsync(user.RequiredAccountId(), id, http.Response.Body, ct);
            return Results.Empty;
        });
        return app;
    }
}
