using LeadsAssurance.Domain.Accounts;
using LeadsAssurance.Domain.Diagnostics;
using LeadsAssurance.Domain.Market;
using LeadsAssurance.Web.Endpoints;
using Microsoft.AspNetCore.SignalR;

namespace LeadsAssurance.Web.Realtime;

/// <summary>
/// Forwards this process's market events (its own and the other nodes') to the hub's clients, in the shapes of the
/// public contract, and closes the hub connections of an account that is no longer active.
/// </summary>
public sealed class MarketHubBridge(
    MarketNotifier notifier, IHubContext<MarketHub> hub, MarketListing listing, AccountStatusCache statuses, HubConnections connections,
    TimeProvider time)
    : IHostedService
{
    private IDisposable? _subscription;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _subscription = notifier.Subscribe(ForwardAsync);
        statuses.StatusChanged += OnStatusChanged;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _subscription?.Dispose();
        statuses.StatusChanged -= OnStatusChanged;
        return Task.CompletedTask;
    }

    private void OnStatusChanged(AccountStatusChanged changed)
    {
        if (changed.Status != AccountStatus.Active)
            connections.Abort(changed.AccountId);
    }

    private async Task ForwardAsync(MarketEvent e)
    {
        if (await SendAsync(e))
            AppMetrics.Pushed(time.GetUtcNow() - e.At);
    }

    /// <summary>Sends what hub clients see of the event; false for events they never see.</summary>
    private async Task<bool> SendAsync(MarketEvent e)
    {
        switch (e)
        {
            case LeadListed listed:
                await hub.Clients.All.SendAsync("LeadListed", MarketEndpoints.ToItem(listed.Lead));
                break;
            case LeadReserved reserved:
                await hub.Clients.All.SendAsync("LeadReserved", new { leadId = reserved.LeadId, expiresAt = reserved.ExpiresAt });
                break;
            case LeadReleased released:
                await hub.Clients.All.SendAsync("LeadReleased", new { leadId = released.LeadId });
                // A place came back: clients that dropped the row can list it again without another request.
                if (await listing.GetAsync(released.LeadId) is { } lead)
                    await hub.Clients.All.SendAsync("LeadListed", MarketEndpoints.ToItem(lead));
                break;
            case LeadSold sold:
                await hub.Clients.All.SendAsync("LeadSold", new { leadId = sold.LeadId, buyersLeft = sold.BuyersLeft });
                break;
            case LeadWithdrawn withdrawn:
                await hub.Clients.All.SendAsync("LeadWithdrawn", new { leadId = withdrawn.LeadId });
                break;
            case MarketResync:
                // Events may have been missed (a node lost PostgreSQL, or its outbox overflowed): clients reload the list.
                await hub.Clients.All.SendAsync("MarketResync");
                break;
            default:
                return false;
        }
        return true;
    }
}
