using Microsoft.AspNetCore.Mvc;

namespace LeadsAssurance.Web.Hosting.Auth;

/// <summary>Writes a ProblemDetails response outside an endpoint (authentication challenges).</summary>
public static class ApiProblems
{
    public static bool IsApiRequest(HttpRequest request) =>
        request.Path.StartsWithSegments("/api") || request.Path.StartsWithSegments("/hubs")
        || request.Path.StartsWithSegments("/webhooks");

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
