using Microsoft.AspNetCore.Mvc;

namespace LeadsAssurance.Web.Hosting.Auth;

/// <summary>
/// API.md "Authentication": a state-changing call (POST, PUT, PATCH, DELETE) under /api/v1 authenticated by the
/// Identity cookie alone is refused with 403 before anything reads it. Programs use API keys and people use the
/// app's pages, so no cross-site form or script riding a broker's session can spend his credits. Reads stay open to
/// the cookie: the pages link to the CSV, PDF and ZIP downloads. The hub (/hubs) is not under /api/v1.
/// </summary>
public static class ApiKeyForApiChanges
{
    public const string Title = "Clé d'API requise : utilisez une clé d'API";

    public static IApplicationBuilder UseApiKeyForApiChanges(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        if (IsChange(http.Request) && http.User.Identity?.IsAuthenticated == true && http.User.FindFirst(AppClaims.ApiKeyId) is null)
        {
            await ApiProblems.WriteAsync(http, new ProblemDetails
            {
                Status = StatusCodes.Status403Forbidden,
                Title = Title,
                Detail = "Les appels qui modifient des données sous /api/v1 (POST, PUT, DELETE) s'authentifient par l'en-tête "
                    + "X-Api-Key ; la session du navigateur ne suffit pas. Utilisez une clé d'API (page « Clés d'API »).",
            });
            return;
        }
        await next(http);
    });

    private static bool IsChange(HttpRequest request) =>
        request.Path.StartsWithSegments("/api/v1")
        && !(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method) || HttpMethods.IsTrace(request.Method));
}
