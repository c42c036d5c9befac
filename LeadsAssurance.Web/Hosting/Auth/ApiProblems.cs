using System.Text.Json;
using Microsoft.AspNetCore.Mvc;

namespace LeadsAssurance.Web.Hosting.Auth;

/// <summary>Writes a ProblemDetails response outside an endpoint (authentication challenges, limits, error pages of the API).</summary>
public static class ApiProblems
{
    public static bool IsApiRequest(HttpRequest request) => IsApiPath(request.Path);

    public static bool IsApiPath(PathString path) =>
        path.StartsWithSegments("/api") || path.StartsWithSegments("/hubs") || path.StartsWithSegments("/webhooks");

    public static Task WriteAsync(HttpContext context, int status, string title) =>
        WriteAsync(context, new ProblemDetails { Status = status, Title = title });

    /// <summary>Always JSON: the framework's writer declines a client whose Accept leaves JSON out (a browser asking for HTML), an API does not.</summary>
    public static async Task WriteAsync(HttpContext context, ProblemDetails problem, Exception? exception = null)
    {
        context.Response.StatusCode = problem.Status ?? StatusCodes.Status500InternalServerError;
        var problems = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        if (await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem, Exception = exception }))
            return;
        await context.Response.WriteAsJsonAsync(problem, problem.GetType(), (JsonSerializerOptions?)null, "application/problem+json", context.RequestAborted);
    }

    /// <summary>The ProblemDetails of an error status the API answered without a body of its own (unknown path, wrong method, ...).</summary>
    public static ProblemDetails ForStatus(int status) => new()
    {
        Status = status,
        Title = Title(status),
        Detail = status switch
        {
            StatusCodes.Status415UnsupportedMediaType => "Envoyez le corps en JSON, avec l'en-tête « Content-Type: application/json ».",
            StatusCodes.Status405MethodNotAllowed => "Cette adresse existe, mais pas avec cette méthode HTTP : voir /openapi/v1.json.",
            _ => null,
        },
    };

    /// <summary>The French title of an error status.</summary>
    public static string Title(int status) => status switch
    {
        StatusCodes.Status400BadRequest => "Requête invalide.",
        StatusCodes.Status401Unauthorized => "Authentification requise.",
        StatusCodes.Status403Forbidden => "Accès refusé pour ce compte.",
        StatusCodes.Status404NotFound => "Ressource introuvable.",
        StatusCodes.Status405MethodNotAllowed => "Méthode non autorisée pour cette adresse.",
        StatusCodes.Status406NotAcceptable => "Format de réponse non disponible.",
        StatusCodes.Status413PayloadTooLarge => "Requête trop volumineuse.",
        StatusCodes.Status415UnsupportedMediaType => "Type de contenu non pris en charge.",
        StatusCodes.Status429TooManyRequests => "Trop de requêtes",
        _ when status >= 500 => "Erreur interne",
        _ => "Requête refusée.",
    };
}
