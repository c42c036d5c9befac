using System.Collections.Immutable;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace LeadsAssurance.Domain.Market;

/// <summary>
/// Fans market events out to subscribers in this process (circuits, the SignalR hub bridge, caches). Services publish
/// only after their transaction committed. Each subscriber has its own queue and its own loop: it sees every event in
/// publication order, and a slow one (a circuit whose browser is busy, a failing handler) never delays the others.
/// Measured in the two-node soak: delivered one subscriber after the other, twenty market rooms had held the hub's
/// events back by seconds. A subscriber more than <see cref="MaxPending"/> events behind gets a
/// <see cref="MarketResync"/> instead of its backlog.
/// </summary>
public sealed class MarketNotifier(ILogger<MarketNotifier> logger)
{
    public const int MaxPending = 1000;

    private ImmutableList<Subscriber> _subscribers = [];

    public IDisposable Subscribe(Func<MarketEvent, Task> handler)
    {
        var subscriber = new Subscriber(handler, logger);
        ImmutableInterlocked.Update(ref _subscribers, list => list.Add(subscriber));
        return new Subscription(() =>
        {
            ImmutableInterlocked.Update(ref _subscribers, list => list.Remove(subscriber));
            subscriber.Complete();
        });
    }

    public int SubscriberCount => _subscribers.Count;

    /// <summary>Queues the event for every subscriber and returns at once.</summary>
    public void Publish(MarketEvent e)
    {
        foreach (var subscriber in _subscribers)
            subscriber.Post(e, null);
    }

    /// <summary>Queues the event for every subscriber; completes once each has handled it (tests, and callers that must know).</summary>
    public Task PublishAsync(MarketEvent e)
    {
        var handled = new List<Task>();
        foreach (var subscriber in _subscribers)
        {
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            subscriber.Post(e, done);
            handled.Add(done.Task);
        }
        return Task.WhenAll(handled);
    }

    private sealed class Subscriber
    {
        private readonly Func<MarketEvent, Task> _handler;
        private readonly ILogger _logger;
        private readonly Channel<(MarketEvent Event, TaskCompletionSource? Done)> _queue =
            Channel.CreateUnbounded<(MarketEvent, TaskCompletionSource?)>(new UnboundedChannelOptions { SingleReader = true });
        private int _pending;
        private int _overflowed;

        public Subscriber(Func<MarketEvent, Task> handler, ILogger logger)
        {
            _handler = handler;
            _logger = logger;
            _ = Task.Run(RunAsync);
        }

        public void Post(MarketEvent e, TaskCompletionSource? done)
        {
            if (Interlocked.Increment(ref _pending) > MaxPending)
            {
                Interlocked.Decrement(ref _pending);
                Interlocked.Exchange(ref _overflowed, 1);
                done?.TrySetResult();
                return;
            }
            if (!_queue.Writer.TryWrite((e, done)))
                done?.TrySetResult(); // unsubscribed meanwhile
        }

        public void Complete() => _queue.Writer.TryComplete();

        private async Task RunAsync()
        {
            await foreach (var (e, done) in _queue.Reader.ReadAllAsync())
            {
                Interlocked.Decrement(ref _pending);
                // Events were dropped for this subscriber: its view reloads instead of replaying what it missed.
                var next = Interlocked.Exchange(ref _overflowed, 0) == 1 ? new MarketResync(e.At) : e;
                try
                {
                    await _handler(next);
                }
                catch (Exception ex)
                {
                    _logger.LogWarning(ex, "A market subscriber failed on {Event}", next.GetType().Name);
                }
                finally
                {
                    done?.TrySetResult();
                }
            }
        }
    }

    private sealed class Subscription(Action dispose) : IDisposable
    {
        private Action? _dispose = dispose;

        public void Dispose() => Interlocked.Exchange(ref _dispose, null)?.Invoke();
    }
}
