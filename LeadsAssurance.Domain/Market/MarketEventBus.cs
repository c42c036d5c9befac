using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LeadsAssurance.Domain.Market;

/// <summary>
/// Publishes committed market events: to this process's <see cref="MarketNotifier"/> from its own loop, and in batches to the
/// other app processes through PostgreSQL NOTIFY (see <see cref="MarketEventListener"/>). NOTIFY is not sent inside
/// the business transaction on purpose: PostgreSQL serialises the commits of notifying transactions, which cut hold
/// throughput thirtyfold in the benchmark; one batched NOTIFY per burst keeps the hot path at the speed of a plain UPDATE.
/// </summary>
public sealed class MarketEventBus(
    Npgsql.NpgsqlDataSource dataSource, MarketNotifier notifier, TimeProvider time, ILogger<MarketEventBus> logger) : BackgroundService
{
    public const string Channel = "market_events";
    public const int MaxPayloadBytes = 7000;

    /// <summary>
    /// Events waiting for other nodes while PostgreSQL cannot take them. Past this, events are dropped and the other
    /// nodes are sent a <see cref="MarketResync"/> once the server answers again: they reload instead of replaying.
    /// </summary>
    public const int MaxOutbox = 20_000;

    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(5);

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Identifies this process, so it ignores its own batches coming back from PostgreSQL.</summary>
    public Guid NodeId { get; } = Guid.NewGuid();

    private readonly Channel<MarketEvent> _local = System.Threading.Channels.Channel.CreateUnbounded<MarketEvent>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Channel<MarketEvent> _outbox = System.Threading.Channels.Channel.CreateUnbounded<MarketEvent>(new UnboundedChannelOptions { SingleReader = true });
    private int _outboxCount;
    private int _overflowed;

    /// <summary>Events waiting to be sent to the other nodes.</summary>
    public int OutboxCount => Volatile.Read(ref _outboxCount);

    /// <summary>
    /// Call after the transaction committed. Returns at once: the fan-out to this process's subscribers (every open
    /// market room) runs on the bus's own loop, in publication order, so a buyer never waits for other brokers' screens.
    /// </summary>
    public void Publish(MarketEvent e)
    {
        _local.Writer.TryWrite(e);
        if (Interlocked.Increment(ref _outboxCount) > MaxOutbox)
        {
            Interlocked.Decrement(ref _outboxCount);
            if (Interlocked.Exchange(ref _overflowed, 1) == 0)
                logger.LogWarning("The outbox to other nodes is full ({Max} events): events are dropped until PostgreSQL answers, then the other nodes resynchronise", MaxOutbox);
            return;
        }
        _outbox.Writer.TryWrite(e);
    }

    public static MarketEventBatch? Parse(string payload) => JsonSerializer.Deserialize<MarketEventBatch>(payload, Json);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(DeliverLocallyAsync(stoppingToken), SendToOtherNodesAsync(stoppingToken));

    private async Task DeliverLocallyAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (await _local.Reader.WaitToReadAsync(stoppingToken))
                while (_local.Reader.TryRead(out var e))
                    notifier.Publish(e);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>
    /// Never gives up while the app runs: a failed NOTIFY is retried with a growing delay (up to
    /// <see cref="MaxRetryDelay"/>) until PostgreSQL takes it, while new events wait in the bounded outbox; any other
    /// failure is logged, the other nodes are sent a resync, and the loop goes on.
    /// </summary>
    private async Task SendToOtherNodesAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await SendLoopAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogError(e, "The sender of market events to other nodes failed; it restarts and the other nodes resynchronise");
                Interlocked.Exchange(ref _overflowed, 1);
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    private async Task SendLoopAsync(CancellationToken stoppingToken)
    {
        var batch = new List<MarketEvent>();
        // A pending resync (events dropped) is sent without waiting for new events.
        while (Volatile.Read(ref _overflowed) == 1 || await _outbox.Reader.WaitToReadAsync(stoppingToken))
        {
            // The events taken stay counted in the outbox until they are sent or dropped, so the bound holds for
            // everything this node has not handed to PostgreSQL yet, whatever the pace of the publishers.
            var taken = 0;
            while (taken < MaxBatch && _outbox.Reader.TryRead(out var e))
            {
                taken++;
                batch.Add(e);
            }
            try
            {
                if (Interlocked.Exchange(ref _overflowed, 0) == 1)
                {
                    // Some events never made it to the outbox: the others must reload rather than trust their views.
                    batch.Clear();
                    batch.Add(new MarketResync(time.GetUtcNow()));
                }
                foreach (var payload in ToPayloads(NodeId, ForOtherNodes(batch)))
                {
                    // Events were dropped meanwhile: the rest of this batch is superseded by the resync that follows.
                    if (Volatile.Read(ref _overflowed) == 1)
                        break;
                    await SendAsync(payload, stoppingToken);
                }
            }
            finally
            {
                Interlocked.Add(ref _outboxCount, -taken);
                batch.Clear();
            }
        }
    }

    /// <summary>How many events the sender takes from the outbox at a time (a few dozen NOTIFY payloads).</summary>
    private const int MaxBatch = 2_000;

    /// <summary>How many lead ids one <see cref="LeadsListedElsewhere"/> carries: 150 × 39 characters fit a payload.</summary>
    public const int MaxIdsPerEvent = 150;

    /// <summary>The events as other nodes receive them: each run of listed leads becomes <see cref="LeadsListedElsewhere"/> events.</summary>
    public static IEnumerable<MarketEvent> ForOtherNodes(IEnumerable<MarketEvent> events)
    {
        List<Guid>? ids = null;
        var at = default(DateTimeOffset);
        foreach (var e in events)
        {
            if (e is LeadListed listed)
            {
                (ids ??= []).Add(listed.LeadId);
                at = listed.At;
                if (ids.Count < MaxIdsPerEvent)
                    continue;
            }
            if (ids is not null)
            {
                yield return new LeadsListedElsewhere(ids, at);
                ids = null;
            }
            if (e is not LeadListed)
                yield return e;
        }
        if (ids is not null)
            yield return new LeadsListedElsewhere(ids, at);
    }

    /// <summary>How every payload of a node begins.</summary>
    public static string PayloadPrefix(Guid node) => $"{{\"node\":\"{node}\",\"events\":[";

    /// <summary>
    /// Cuts a burst into NOTIFY payloads under PostgreSQL's 8,000-byte limit. Each event is serialised once and the
    /// batch object is written around the pieces, so a burst of n events costs n serialisations, not n².
    /// </summary>
    public static IEnumerable<string> ToPayloads(Guid node, IEnumerable<MarketEvent> events)
    {
        var head = PayloadPrefix(node);
        var payload = new System.Text.StringBuilder(head);
        var count = 0;
        foreach (var e in events)
        {
            var json = JsonSerializer.Serialize(e, Json);
            if (count > 0 && payload.Length + json.Length + 3 > MaxPayloadBytes)
            {
                yield return payload.Append("]}").ToString();
                payload.Clear().Append(head);
                count = 0;
            }
            if (count++ > 0)
                payload.Append(',');
            payload.Append(json);
        }
        if (count > 0)
            yield return payload.Append("]}").ToString();
    }

    private async Task SendAsync(string payload, CancellationToken ct)
    {
        var delay = TimeSpan.FromMilliseconds(100);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var command = dataSource.CreateCommand("select pg_notify($1, $2)");
                command.Parameters.Add(new() { Value = Channel });
                command.Parameters.Add(new() { Value = payload });
                await command.ExecuteNonQueryAsync(ct);
                if (attempt > 1)
                    logger.LogInformation("Market events reach the other nodes again (after {Attempts} attempts)", attempt);
                return;
            }
            catch (Npgsql.PostgresException e) when (e.SqlState.StartsWith("22", StringComparison.Ordinal))
            {
                // The server refused this payload itself (a data exception such as a payload over its limit): retrying
                // would block every later event. It is dropped, and the other nodes are told to resynchronise with the
                // next batch. Anything else (a server restarting, a login refused) is retried.
                logger.LogError(e, "PostgreSQL refused a market event payload of {Length} characters; the other nodes will resynchronise", payload.Length);
                Interlocked.Exchange(ref _overflowed, 1);
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                if (attempt == 1 || attempt % 20 == 0)
                    logger.LogWarning("Sending market events to other nodes failed (attempt {Attempt}, {Waiting} waiting): {Reason}",
                        attempt, OutboxCount, e.GetBaseException().Message);
                if (Volatile.Read(ref _overflowed) == 1)
                    return; // this payload is superseded by the resync the other nodes get next
                await Task.Delay(delay, ct);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxRetryDelay.Ticks));
            }
        }
    }
}

/// <summary>Events sent together by one node.</summary>
public sealed record MarketEventBatch(Guid Node, IReadOnlyList<MarketEvent> Events);
