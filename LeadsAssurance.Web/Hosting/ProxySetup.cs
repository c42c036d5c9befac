using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace LeadsAssurance.Web.Hosting;

/// <summary>
/// Behind nginx (deploy/): the client's address and scheme come from X-Forwarded-For / X-Forwarded-Proto, trusted
/// only from the proxies listed in ForwardedHeaders:KnownProxies (IP addresses) or ForwardedHeaders:KnownNetworks
/// (CIDR). Loopback is always trusted. Per-IP rate limits and secure cookies depend on it.
/// </summary>
public static class ProxySetup
{
    public static IServiceCollection AddProxySupport(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
            // One proxy in front of the app: the last address nginx appends is the client's.
            o.ForwardLimit = 1;
            foreach (var proxy in configuration.GetSection("ForwardedHeaders:KnownProxies").Get<string[]>() ?? [])
                o.KnownProxies.Add(IPAddress.Parse(proxy));
            foreach (var network in configuration.GetSection("ForwardedHeaders:KnownNetworks").Get<string[]>() ?? [])
                o.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
            // AllowedHosts filters Host; the forwarded host is only taken from the trusted proxies above.
            o.AllowedHosts = configuration["AllowedHosts"] is { Length: > 0 } hosts && hosts != "*" ? hosts.Split(';') : [];
        });
        return services;
    }
}
