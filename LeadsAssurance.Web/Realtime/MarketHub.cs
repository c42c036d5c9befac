using LeadsAssurance.Web.Hosting.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace LeadsAssurance.Web.Realtime;

/// <summary>
/// The live market for API clients: LeadListed, LeadReserved, LeadReleased, LeadSold. Brokers and admins only;
/// authenticated by cookie, X-Api-Key, or ?access_token=&lt;api key&gt; for WebSocket clients. Payloads are masked.
/// </summary>
[Authorize(Policy = Policies.BrokerOrAdmin)]
public sealed class MarketHub : Hub
{
    public const string Path = "/hubs/market";
}
