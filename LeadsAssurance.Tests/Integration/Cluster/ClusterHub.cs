using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace LeadsAssurance.Tests.Integration.Cluster;

public static class ClusterHub
{
    /// <summary>A hub client on one node, over WebSockets, authenticated by API key.</summary>
    public static async Task<HubConnection> ConnectAsync(Uri node, string apiKey)
    {
        var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(node, "/hubs/market"), o =>
            {
                o.Headers["X-Api-Key"] = apiKey;
                o.Transports = HttpTransportType.WebSockets;
            })
            .Build();
        await hub.StartAsync();
        return hub;
    }
}
