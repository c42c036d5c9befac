using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace LeadsAssurance.Web.Hosting;

/// <summary>
/// Outside Development every cookie (Identity's, antiforgery's) is marked Secure whatever the scheme the app sees:
/// behind a proxy that terminates TLS the app may see http (until ForwardedHeaders is configured right), and a session
/// cookie must still never travel in clear. Browsers accept Secure cookies from http://localhost, so a container
/// tried on a laptop still works.
/// </summary>
public static class SecureCookies
{
    public static IServiceCollection AddSecureCookies(this IServiceCollection services, IHostEnvironment environment)
    {
        if (environment.IsDevelopment())
            return services;
        services.ConfigureAll<CookieAuthenticationOptions>(o => o.Cookie.SecurePolicy = CookieSecurePolicy.Always);
        services.Configure<AntiforgeryOptions>(o => o.Cookie.SecurePolicy = CookieSecurePolicy.Always);
        return services;
    }
}
