using LeadsAssurance.Web.Hosting.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace LeadsAssurance.Web.Realtime;

/// <summary>
/// The live market for API clients: LeadListed, LeadReserved, LeadReleased, LeadSold, LeadWithdrawn and MarketResync. Brokers and
/// admins only, and only while their account is active (a suspension closes the connection); authenticated by
/// cookie, X-Api-Key, or ?access_token=&lt;api key&gt; for WebSocket clients. Payloads are masked.
/// </summary>
[Authorize(Policy = Policies.BrokerOrAdmin)]
public sealed class MarketHub(HubConnections connections) : Hub
{
    public const string Path = "/hubs/market";

    public override Task OnConnectedAsync()
    {
        connections.Add(Context.User!.RequiredAccountId(), Context);
        return base.OnConnectedAsync();
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        if (Context.User?.AccountId() is { } id)
            connections.Remove(id, Context.ConnectionId);
        return base.OnDisconnectedAsync(exception);
    }
}
