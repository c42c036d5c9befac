using System.Text.Json;
using System.Threading.Channels;
using LeadsAssurance.Domain.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LeadsAssurance.Domain.Market;

/// <summary>
/// Publishes committed market events: at once to this process's <see cref="MarketNotifier"/>, and in batches to the
/// other app processes through PostgreSQL NOTIFY (see <see cref="MarketEventListener"/>). NOTIFY is not sent inside
/// the business transaction on purpose: PostgreSQL serialises the commits of notifying transactions, which cut hold
/// throughput thirtyfold in the benchmark; one batched NOTIFY per burst keeps the hot path at the speed of a plain UPDATE.
/// </summary>
public sealed class MarketEventBus(
    IDbContextFactory<AppDbContext> dbFactory, MarketNotifier notifier, ILogger<MarketEventBus> logger) : BackgroundService
{
    public const string Channel = "market_events";
    private const int MaxPayloadBytes = 7000;

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Identifies this process, so it ignores its own batches coming back from PostgreSQL.</summary>
    public Guid NodeId { get; } = Guid.NewGuid();

    private readonly Channel<MarketEvent> _outbox = System.Threading.Channels.Channel.CreateUnbounded<MarketEvent>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>Call after the transaction committed.</summary>
    public async Task PublishAsync(MarketEvent e)
    {
        _outbox.Writer.TryWrite(e);
        await notifier.PublishAsync(e);
    }

    public static MarketEventBatch? Parse(string payload) => JsonSerializer.Deserialize<MarketEventBatch>(payload, Json);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<MarketEvent>();
        while (await _outbox.Reader.WaitToReadAsync(stoppingToken))
        {
            while (_outbox.Reader.TryRead(out var e))
                batch.Add(e);
            foreach (var payload in Split(batch))
                await SendAsync(payload, stoppingToken);
            batch.Clear();
        }
    }

    private IEnumerable<string> Split(List<MarketEvent> events)
    {
        var current = new List<MarketEvent>();
        foreach (var e in events)
        {
            current.Add(e);
            if (Serialize(current).Length > MaxPayloadBytes && current.Count > 1)
            {
                current.RemoveAt(current.Count - 1);
                yield return Serialize(current);
                current = [e];
            }
        }
        if (current.Count > 0)
            yield return Serialize(current);
    }

    private string Serialize(List<MarketEvent> events) => JsonSerializer.Serialize(new MarketEventBatch(NodeId, events), Json);

    private async Task SendAsync(string payload, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var db = await dbFactory.CreateDbContextAsync(ct);
                await db.Database.ExecuteSqlAsync($"select pg_notify({Channel}, {payload})", ct);
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
