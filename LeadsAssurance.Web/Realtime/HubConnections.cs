using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;

namespace LeadsAssurance.Web.Realtime;

/// <summary>This node's open hub connections by account, so a suspended account's live feed is cut at once.</summary>
public sealed class HubConnections
{
    private readonly ConcurrentDictionary<Guid, ConcurrentDictionary<string, HubCallerContext>> _byAccount = new();

    public void Add(Guid accountId, HubCallerContext context) =>
        _byAccount.GetOrAdd(accountId, _ => new()).TryAdd(context.ConnectionId, context);

    public void Remove(Guid accountId, string connectionId)
    {
        if (_byAccount.TryGetValue(accountId, out var contexts))
            contexts.TryRemove(connectionId, out _);
    }

    public int Count => _byAccount.Values.Sum(c => c.Count);

    public void Abort(Guid accountId)
    {
        if (!_byAccount.TryRemove(accountId, out var contexts))
            return;
        foreach (var context in contexts.Values)
            context.Abort();
    }
}
