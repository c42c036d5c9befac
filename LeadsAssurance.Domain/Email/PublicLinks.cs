using Microsoft.Extensions.Options;

namespace LeadsAssurance.Domain.Email;

/// <summary>Absolute links to the site for messages that leave it, always on <see cref="AppOptions.PublicBaseUrl"/>.</summary>
public sealed class PublicLinks(IOptions<AppOptions> options)
{
    private Uri Base => new(options.Value.PublicBaseUrl!.TrimEnd('/') + "/");

    /// <summary>A bought lead's consent certificate (PDF), relative to the site: its buyer's or an admin's to download.</summary>
    public static string CertificatePath(Guid leadId) => $"/api/v1/purchases/{leadId}/certificate.pdf";

    public static string ConsentPagePath(Guid leadId) => $"/api/v1/purchases/{leadId}/consent-page";

    /// <summary>A page of the site, e.g. "Account/Login".</summary>
    public Uri To(string relativePath) => new(Base, relativePath.TrimStart('/'));

    /// <summary>
    /// The same page and query as <paramref name="link"/> on the public address. Identity's pages build their links
    /// from the request's host, which a client chooses; the public address is ours. The site's path base may or may
    /// not be in the link (behind a proxy that strips it, it is not): either way it appears once.
    /// </summary>
    public Uri Rebase(string link)
    {
        var uri = new Uri(link, UriKind.RelativeOrAbsolute);
        var pathAndQuery = uri.IsAbsoluteUri ? uri.PathAndQuery + uri.Fragment : link;
        var basePath = Base.AbsolutePath;
        var relative = pathAndQuery.StartsWith(basePath, StringComparison.Ordinal) ? pathAndQuery[basePath.Length..] : pathAndQuery.TrimStart('/');
        return new Uri(Base, relative);
    }
}
