using Microsoft.AspNetCore.Mvc;

namespace LeadsAssurance.Web.Hosting.Auth;

/// <summary>Writes a ProblemDetails response outside an endpoint (authentication challenges).</summary>
public static class ApiProblems
{
    public static bool IsApiRequest(HttpRequest request) => IsApiPath(request.Path);

    public static bool IsApiPath(PathString path) =>
        path.StartsWithSegments("/api") || path.StartsWithSegments("/hubs") || path.StartsWithSegments("/webhooks");

    public static async Task WriteAsync(HttpContext context, int status, string title)
    {
        context.Response.StatusCode = status;
        var problems = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails { Status = status, Title = title },
        });
    }
}
