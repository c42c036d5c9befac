using System.Net;
using System.Net.Sockets;

namespace LeadsAssurance.Web.Hosting;

/// <summary>The key per-address limits count by: the client's address as UseForwardedHeaders left it.</summary>
public static class ClientAddress
{
    /// <summary>
    /// An IPv4 address as is; an IPv6 address by its /64 network, since one subscriber usually holds a whole /64 and
    /// could otherwise change address for every request.
    /// </summary>
    public static string Of(HttpContext http)
    {
        var address = http.Connection.RemoteIpAddress;
        if (address is null)
            return "unknown";
        if (address.IsIPv4MappedToIPv6)
            address = address.MapToIPv4();
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
            return address.ToString();
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }
}
