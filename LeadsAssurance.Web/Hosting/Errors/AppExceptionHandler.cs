using System.Globalization;
using LeadsAssurance.Domain.Data;
using LeadsAssurance.Domain.Market;
using LeadsAssurance.Domain.Diagnostics;
using LeadsAssurance.Web.Hosting.Auth;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace LeadsAssurance.Web.Hosting.Errors;

/// <summary>
/// Every unhandled exception of a request ends here, in every environment. Domain exceptions become their
/// ProblemDetails (<see cref="DomainProblems"/>); a database that cannot serve now (restarting, out of connections,
/// every pooled connection busy past Database:ConnectionWait) becomes 503 with Retry-After, for pages as for the API;
/// anything else on the API is a 500 ProblemDetails without internals. Pages fall through to the error page.
/// </summary>
public sealed class AppExceptionHandler(IProblemDetailsService problems, ILogger<AppExceptionHandler> logger) : IExceptionHandler
{
    /// <summary>What a client is told to wait before retrying while the database is unavailable.</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(2);

    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
    {
        if (http.Response.HasStarted)
            return false;
        // The middleware has already pointed the request at the error page (/Error): the path asked for is in the feature.
        var path = new PathString(http.Features.Get<IExceptionHandlerPathFeature>()?.Path ?? http.Request.Path);
        var api = ApiProblems.IsApiPath(path);
        if (DomainProblems.For(exception) is { } problem)
        {
            // API.md: a 429 says when to come back. At the hold limit, that is when the broker's first hold ends.
            if (exception is HoldLimitException { RetryAfter: { } wait })
                http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            return await WriteAsync(http, exception, problem, api);
        }

        if (DatabaseFaults.IsUnavailable(exception))
        {
            // Expected during a restart or a burst: one line, no stack trace.
            logger.LogWarning("Database unavailable for {Method} {Path}: {Reason}", http.Request.Method, path, exception.GetBaseException().Message);
            var poolExhausted = DatabaseFaults.IsPoolExhausted(exception);
            AppMetrics.DatabaseUnavailable(poolExhausted);
            if (!poolExhausted)
                http.RequestServices.GetRequiredService<DatabaseConnections>().ClearAfterOutage();
            http.Response.Headers.RetryAfter = ((int)RetryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
            if (!api)
            {
                http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                http.Response.ContentType = "text/html; charset=utf-8";
                await http.Response.WriteAsync(UnavailablePage, ct);
                return true;
            }
            return await WriteAsync(http, exception, new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "Service momentanément indisponible",
                Detail = $"La base de données ne répond pas pour l'instant ; réessayez dans {(int)RetryAfter.TotalSeconds} s.",
            }, api);
        }

        if (!api)
            return false;
        logger.LogError(exception, "Unhandled error on {Method} {Path}", http.Request.Method, path);
        return await WriteAsync(http, exception, new ProblemDetails
        {
            Status = StatusCodes.Status500InternalServerError,
            Title = "Erreur interne",
            Detail = "Une erreur inattendue s'est produite ; elle a été enregistrée. Réessayez plus tard.",
        }, api);
    }

    /// <summary>The API always answers ProblemDetails (never the HTML error page); a page gets it when it accepts JSON.</summary>
    private async Task<bool> WriteAsync(HttpContext http, Exception exception, ProblemDetails problem, bool api)
    {
        if (api)
        {
            await ApiProblems.WriteAsync(http, problem, exception);
            return true;
        }
        http.Response.StatusCode = problem.Status ?? StatusCodes.Status500InternalServerError;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem, Exception = exception });
    }

    private const string UnavailablePage = """
        <!DOCTYPE html>
        <html lang="fr"><head><meta charset="utf-8"><meta http-equiv="refresh" content="5"><title>Service momentanément indisponible</title></head>
        <body style="font-family:sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem">
        <h1>Service momentanément indisponible</h1>
        <p>LeadsAssurance ne peut pas joindre sa base de données pour l'instant. La page se rechargera d'elle-même dans quelques secondes.</p>
        </body></html>
        """;
}
