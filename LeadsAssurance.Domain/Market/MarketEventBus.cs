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
    Npgsql.NpgsqlDataSource dataSource, MarketNotifier notifier, ILogger<MarketEventBus> logger) : BackgroundService
{
    public const string Channel = "market_events";
    public const int MaxPayloadBytes = 7000;

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Identifies this process, so it ignores its own batches coming back from PostgreSQL.</summary>
    public Guid NodeId { get; } = Guid.NewGuid();

    private readonly Channel<MarketEvent> _local = System.Threading.Channels.Channel.CreateUnbounded<MarketEvent>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Channel<MarketEvent> _outbox = System.Threading.Channels.Channel.CreateUnbounded<MarketEvent>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>
    /// Call after the transaction committed. Returns at once: the fan-out to this process's subscribers (every open
    /// market room) runs on the bus's own loop, in publication order, so a buyer never waits for other brokers' screens.
    /// </summary>
    public void Publish(MarketEvent e)
    {
        _local.Writer.TryWrite(e);
        _outbox.Writer.TryWrite(e);
    }

    public static MarketEventBatch? Parse(string payload) => JsonSerializer.Deserialize<MarketEventBatch>(payload, Json);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(DeliverLocallyAsync(stoppingToken), SendToOtherNodesAsync(stoppingToken));

    private async Task DeliverLocallyAsync(CancellationToken stoppingToken)
    {
        while (await _local.Reader.WaitToReadAsync(stoppingToken))
            while (_local.Reader.TryRead(out var e))
                await notifier.PublishAsync(e);
    }

    private async Task SendToOtherNodesAsync(CancellationToken stoppingToken)
    {
        var batch = new List<MarketEvent>();
        while (await _outbox.Reader.WaitToReadAsync(stoppingToken))
        {
            while (_outbox.Reader.TryRead(out var e))
                batch.Add(e);
            foreach (var payload in ToPayloads(NodeId, ForOtherNodes(batch)))
                await SendAsync(payload, stoppingToken);
            batch.Clear();
        }
    }

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
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var command = dataSource.CreateCommand("select pg_notify($1, $2)");
                command.Parameters.Add(new() { Value = Channel });
                command.Parameters.Add(new() { Value = payload });
                await command.ExecuteNonQueryAsync(ct);
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException && attempt < 5)
            {
                logger.LogWarning(e, "Sending market events to other nodes failed (attempt {Attempt})", attempt);
                await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt), ct);
            }
        }
    }
}

/// <summary>Events sent together by one node.</summary>
public sealed record MarketEventBatch(Guid Node, IReadOnlyList<MarketEvent> Events);
