using LeadsAssurance.Domain;
using Microsoft.Extensions.Options;

namespace LeadsAssurance.Web.Hosting;

/// <summary>
/// The address links are built on (<see cref="AppOptions.PublicBaseUrl"/>). A request's Host header is the client's
/// to choose, so in Production it never makes a link: the setting is required there. Elsewhere an unset value falls
/// back to the request's own address, which is what a developer or a test host wants.
/// </summary>
public static class PublicAddress
{
    public static IHostApplicationBuilder AddPublicAddress(this IHostApplicationBuilder builder)
    {
        // Documents:PublicBaseUrl named the same address before App:PublicBaseUrl existed; deployments may still set it.
        var legacy = builder.Configuration["Documents:PublicBaseUrl"];
        builder.Services.PostConfigure<AppOptions>(o =>
        {
            if (string.IsNullOrWhiteSpace(o.PublicBaseUrl))
                o.PublicBaseUrl = string.IsNullOrWhiteSpace(legacy) ? null : legacy;
        });
        if (builder.Environment.IsProduction() && string.IsNullOrWhiteSpace(builder.Configuration["App:PublicBaseUrl"]) && string.IsNullOrWhiteSpace(legacy))
            throw new InvalidOperationException(
                "App:PublicBaseUrl is not set. In Production, links in certificates, exports and e-mails are built on it, " +
                "never on the request's Host header: set App__PublicBaseUrl (e.g. https://app.leadsassurance.fr).");
        return builder;
    }

    /// <summary>The configured address without a trailing slash, else (outside Production) the request's own.</summary>
    public static string BaseUrl(HttpContext http) =>
        http.RequestServices.GetRequiredService<IOptions<AppOptions>>().Value.PublicBaseUrl is { Length: > 0 } configured
            ? configured.TrimEnd('/')
            : $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}";
}
