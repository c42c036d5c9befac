using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace LeadsAssurance.Web.Hosting;

/// <summary>
/// Outside Development every cookie (Identity's, antiforgery's) is marked Secure whatever the scheme the app sees:
/// behind a proxy that terminates TLS the app may see http (until ForwardedHeaders is configured right), and a session
/// cookie must still never travel in clear. Browsers accept Secure cookies from http://localhost, so a container
/// tried on a laptop still works. The one exception is a site that declares itself plain http
/// (App:PublicBaseUrl=http://…, as deploy/local/cluster.sh does on loopback): there no cookie could ever be Secure.
/// </summary>
public static class SecureCookies
{
    public static IServiceCollection AddSecureCookies(this IServiceCollection services, IHostEnvironment environment, IConfiguration configuration)
    {
        if (environment.IsDevelopment())
            return services;
        var declaredPlainHttp = Uri.TryCreate(configuration["App:PublicBaseUrl"], UriKind.Absolute, out var site) && site.Scheme == Uri.UriSchemeHttp;
        var policy = declaredPlainHttp ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
        services.ConfigureAll<CookieAuthenticationOptions>(o => o.Cookie.SecurePolicy = policy);
        services.Configure<AntiforgeryOptions>(o => o.Cookie.SecurePolicy = policy);
        return services;
    }
}
