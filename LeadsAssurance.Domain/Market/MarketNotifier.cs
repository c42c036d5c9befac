using System.Collections.Immutable;
using Microsoft.Extensions.Logging;

namespace LeadsAssurance.Domain.Market;

/// <summary>
/// Fans market events out to subscribers in this process (circuits, the SignalR hub bridge). Services publish only
/// after their transaction committed. A failing subscriber is logged and never stops the others.
/// </summary>
public sealed class MarketNotifier(ILogger<MarketNotifier> logger)
{
    private ImmutableList<Func<MarketEvent, Task>> _subscribers = [];

    public IDisposable Subscribe(Func<MarketEvent, Task> handler)
    {
        ImmutableInterlocked.Update(ref _subscribers, list => list.Add(handler));
        return new Subscription(() => ImmutableInterlocked.Update(ref _subscribers, list => list.Remove(handler)));
    }

    public int SubscriberCount => _subscribers.Count;

    public async Task PublishAsync(MarketEvent e)
    {
        foreach (var handler in _subscribers)
        {
            try
            {
                await handler(e);
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "A market subscriber failed on {Event}", e.GetType().Name);
            }
        }
    }

    private sealed class Subscription(Action dispose) : IDisposable
    {
        private Action? _dispose = dispose;

        public void Dispose() => Interlocked.Exchange(ref _dispose, null)?.Invoke();
    }
}
