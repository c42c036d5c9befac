using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace LeadsAssurance.Domain.Flows.Webhooks;

/// <summary>
/// The SSRF guard: a broker's webhook URL must not make the platform call an internal address (its own loopback, the
/// cloud metadata service at 169.254.169.254, the private network behind it). Checked when a flow is saved, and again
/// at each connection, on the address actually connected to, so a name that resolves elsewhere later (DNS rebinding)
/// gains nothing.
/// </summary>
public sealed class WebhookTargetGuard(IOptions<FlowWebhookOptions> options)
{
    public const string Refused = "Cette adresse désigne un réseau interne (boucle locale, lien local ou plage privée) : indiquez l'adresse publique de votre CRM.";

    private bool AllowPrivate => options.Value.AllowPrivateTargets ?? false;

    /// <summary>A French message when the URL is not an acceptable webhook target, or null when it is.</summary>
    public async Task<string?> CheckAsync(string url, CancellationToken ct = default)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || string.IsNullOrEmpty(uri.Host))
            return "L'adresse du webhook doit être une URL http ou https complète.";
        if (!string.IsNullOrEmpty(uri.UserInfo))
            return "L'adresse du webhook ne doit pas contenir d'identifiants.";
        if (AllowPrivate)
            return null;
        IPAddress[] addresses;
        try
        {
            addresses = await ResolveAsync(uri.IdnHost, ct);
        }
        catch (SocketException)
        {
            return "Le nom de domaine de cette adresse est introuvable.";
        }
        return addresses.Length == 0 || addresses.Any(a => !IsPublic(a)) ? Refused : null;
    }

    /// <summary>The connection step of the webhook client: resolves, refuses internal addresses, connects.</summary>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken ct)
    {
        var addresses = await ResolveAsync(context.DnsEndPoint.Host, ct);
        var allowed = AllowPrivate ? addresses : [.. addresses.Where(IsPublic)];
        if (allowed.Length == 0)
            throw new HttpRequestException(addresses.Length == 0 ? "Nom de domaine introuvable." : Refused);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed, context.DnsEndPoint.Port, ct);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static async Task<IPAddress[]> ResolveAsync(string host, CancellationToken ct) =>
        IPAddress.TryParse(host.Trim('[', ']'), out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, ct);

    /// <summary>True for an address on the public internet; false for every internal, reserved or special range.</summary>
    public static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
            address = address.MapToIPv4();
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return !(b[0] == 0 // "this network"
                || b[0] == 10 // private
                || b[0] == 127 // loopback
                || (b[0] == 100 && (b[1] & 0xC0) == 64) // carrier-grade NAT 100.64/10
                || (b[0] == 169 && b[1] == 254) // link-local, cloud metadata
                || (b[0] == 172 && (b[1] & 0xF0) == 16) // private 172.16/12
                || (b[0] == 192 && b[1] == 0 && b[2] == 0) // IETF protocol assignments
                || (b[0] == 192 && b[1] == 168) // private
                || (b[0] == 198 && (b[1] & 0xFE) == 18) // benchmarking 198.18/15
                || b[0] >= 224); // multicast, reserved, broadcast
        }
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var b = address.GetAddressBytes();
            return !(IPAddress.IPv6Loopback.Equals(address) || IPAddress.IPv6None.Equals(address)
                || address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast
                || (b[0] & 0xFE) == 0xFC // unique local fc00::/7
                || (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0D && b[3] == 0xB8) // documentation 2001:db8::/32
                || (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xFF && b[3] == 0x9B)); // NAT64 64:ff9b::/96 reaches IPv4 inside
        }
        return false;
    }
}
