using System.Globalization;
using System.Security.Claims;
using LeadsAssurance.Domain.Documents;
using LeadsAssurance.Web.Hosting.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LeadsAssurance.Web.Endpoints;

/// <summary>Files the provider's pages link to: his monthly earnings statement (his own lines only).</summary>
public static class ProviderDownloads
{
    public static IEndpointRouteBuilder MapProviderDownloads(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/provider").RequireAuthorization(Policies.Provider).ExcludeFromDescription();
        group.MapGet("/statements/{month}.pdf", StatementAsync);
        return app;
    }

    /// <summary>The statement of a month from January 2000 to the current one (Paris time).</summary>
    private static async Task<Results<FileContentHttpResult, ValidationProblem>> StatementAsync(
        string month, EarningsStatements statements, ClaimsPrincipal user, TimeProvider time, CancellationToken ct)
    {
        var today = Domain.France.DateOf(time.GetUtcNow());
        if (!DateOnly.TryParseExact(month + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var first)
            || first.Year < 2000 || first > new DateOnly(today.Year, today.Month, 1))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["month"] = [$"Aucun relevé pour {month} : choisissez un mois entre 2000-01 et le mois en cours ({today:yyyy-MM})."],
            }, title: "Données invalides.");
        using var pdf = new MemoryStream();
        await statements.WriteMonthlyAsync(user.RequiredAccountId(), first, pdf, ct);
        return TypedResults.File(pdf.ToArray(), "application/pdf", $"releve-gains-{month}.pdf");
    }
}
