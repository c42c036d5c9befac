using System.Threading.Channels;
using LeadsAssurance.Domain.Data;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace LeadsAssurance.Domain.Market;

/// <summary>
/// Listens to the market channel on a dedicated connection and feeds this process's <see cref="MarketNotifier"/>
/// with the events other processes committed.
/// After a lost connection it reconnects and publishes a resync, since events may have been missed meanwhile.
/// </summary>
public sealed class MarketEventListener(
    DatabaseConnections connections, MarketNotifier notifier, MarketEventBus bus, MarketListing listing, TimeProvider time,
    ILogger<MarketEventListener> logger)
    : BackgroundService
{
    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Channel<MarketEvent> _queue = Channel.CreateUnbounded<MarketEvent>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>Completes once the first LISTEN is in place (tests and start-up wait on it).</summary>
    public Task Listening => _listening.Task;

    /// <summary>Whether this node receives the other nodes' events right now (the readiness check reports it).</summary>
    public bool Connected { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // One reader publishes in arrival order, off the connection's thread, so a slow subscriber never blocks it.
        var dispatcher = Task.Run(async () =>
        {
            await foreach (var e in _queue.Reader.ReadAllAsync(stoppingToken))
                foreach (var local in await ResolveAsync(e, stoppingToken))
                    notifier.Publish(local);
        }, stoppingToken);
        await ListenAsync(stoppingToken);
        _queue.Writer.TryComplete();
        await dispatcher.ContinueWith(_ => { }, TaskScheduler.Default);
    }

    private async Task ListenAsync(CancellationToken stoppingToken)
    {
        var delay = TimeSpan.FromMilliseconds(250);
        var first = true;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(connections.ListenerConnectionString);
                await connection.OpenAsync(stoppingToken);
                connection.Notification += (_, args) => OnNotification(args.Payload);
                await using (var listen = new NpgsqlCommand($"listen {MarketEventBus.Channel}", connection))
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                _listening.TrySetResult();
                Connected = true;
                if (!first)
                    _queue.Writer.TryWrite(new MarketResync(time.GetUtcNow()));
                first = false;
                delay = TimeSpan.FromMilliseconds(250);
                while (!stoppingToken.IsCancellationRequested)
                    await connection.WaitAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                Connected = false;
                logger.LogWarning("Market event listener lost its connection ({Reason}); retrying in {Delay}", e.GetBaseException().Message, delay);
                await Task.Delay(delay, stoppingToken);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(2).Ticks));
            }
        }
    }

    /// <summary>What this node's subscribers see of an event from another node: listed leads are read from the database.</summary>
    private async Task<IEnumerable<MarketEvent>> ResolveAsync(MarketEvent e, CancellationToken ct)
    {
        if (e is not LeadsListedElsewhere listed)
            return [e];
        try
        {
            return (await listing.GetManyAsync(listed.LeadIds, ct)).Select(lead => new LeadListed(lead, listed.At));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Could not read {Count} leads listed by another node; views resynchronise", listed.LeadIds.Count);
            return [new MarketResync(time.GetUtcNow())];
        }
    }

    private string OwnPrefix => field ??= MarketEventBus.PayloadPrefix(bus.NodeId);

    private void OnNotification(string payload)
    {
        // Our own batches come back too: recognise them by their opening bytes instead of parsing them.
        if (payload.StartsWith(OwnPrefix, StringComparison.Ordinal))
            return;
        MarketEventBatch? batch;
        try
        {
            batch = MarketEventBus.Parse(payload);
        }
        catch (System.Text.Json.JsonException ex)
        {
            logger.LogError(ex, "Unreadable market event");
            return;
        }
        if (batch is null || batch.Node == bus.NodeId)
            return;
        foreach (var e in batch.Events)
            _queue.Writer.TryWrite(e);
    }
}
