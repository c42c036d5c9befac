using Microsoft.Extensions.Options;
using Npgsql;

namespace LeadsAssurance.Domain.Providers;

/// <summary>
/// Every provider's quality score, summed from the stored daily counters (never from the leads) and kept on this node
/// for <see cref="Market.MarketOptions.ProviderScoreRefresh"/>: the market lists and filters many times a second, and a
/// score a minute old is as good a guide to a buyer.
/// </summary>
public sealed class ProviderScores(NpgsqlDataSource dataSource, IOptions<Market.MarketOptions> options, TimeProvider time)
{
    /// <summary>The span each side of the dashboard's trend covers.</summary>
    public const int TrendDays = 30;

    private readonly SemaphoreSlim _refresh = new(1, 1);
    private Snapshot? _snapshot;

    private sealed record Snapshot(DateTimeOffset At, IReadOnlyDictionary<Guid, ProviderScore> Scores);

    /// <summary>Provider → score; a provider missing here has none of either counter yet and scores <see cref="ProviderScore.Neutral"/>.</summary>
    public async Task<IReadOnlyDictionary<Guid, ProviderScore>> AllAsync(CancellationToken ct = default)
    {
        if (Fresh(_snapshot) is { } scores)
            return scores;
        // One reader per node refreshes; the others wait for its result rather than all summing the counters at once.
        await _refresh.WaitAsync(ct);
        try
        {
            if (Fresh(_snapshot) is { } fresh)
                return fresh;
            var now = time.GetUtcNow();
            await using var connection = await dataSource.OpenConnectionAsync(ct);
            var totals = await ProviderStatsSql.TotalsAsync(connection, null, null, ct);
            var computed = totals.ToDictionary(t => t.Key, t => ProviderScore.Compute(t.Value));
            _snapshot = new Snapshot(now, computed);
            return computed;
        }
        finally
        {
            _refresh.Release();
        }
    }

    public async Task<ProviderScore> OfAsync(Guid providerId, CancellationToken ct = default) =>
        (await AllAsync(ct)).GetValueOrDefault(providerId) ?? ProviderScore.Neutral;

    /// <summary>The providers whose score (as <see cref="AllAsync"/> has it) is at least <paramref name="minStars"/>, as a market filter.</summary>
    public async Task<ProviderScoreFilter> AtLeastAsync(decimal minStars, CancellationToken ct = default)
    {
        var all = await AllAsync(ct);
        // New providers are not listed: when the neutral score passes, exclude those below; otherwise include those above.
        return ProviderScore.Neutral.Stars >= minStars
            ? new ProviderScoreFilter(Exclude: true, [.. all.Where(s => s.Value.Stars < minStars).Select(s => s.Key)])
            : new ProviderScoreFilter(Exclude: false, [.. all.Where(s => s.Value.Stars >= minStars).Select(s => s.Key)]);
    }

    /// <summary>A provider's score now (read fresh, for his own dashboard) and its trend over the last 60 Paris days.</summary>
    public async Task<ProviderScoreTrend> TrendAsync(Guid providerId, CancellationToken ct = default)
    {
        var today = France.DateOf(time.GetUtcNow());
        var recentFrom = today.AddDays(1 - TrendDays);
        var previousFrom = recentFrom.AddDays(-TrendDays);
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var totals = (await ProviderStatsSql.TotalsAsync(connection, [providerId], null, ct)).GetValueOrDefault(providerId) ?? ProviderCounters.None;
        var days = await ProviderStatsSql.DaysAsync(connection, providerId, previousFrom, ct);
        ProviderCounters Sum(DateOnly from, DateOnly to) =>
            days.Where(d => d.Day >= from && d.Day < to).Aggregate(ProviderCounters.None, (sum, d) => sum.Plus(d.Counters));
        var recent = Sum(recentFrom, today.AddDays(1));
        var previous = Sum(previousFrom, recentFrom);
        return new ProviderScoreTrend(ProviderScore.Compute(totals), totals, ProviderScore.Compute(recent), recent, ProviderScore.Compute(previous), previous);
    }

    /// <summary>The scores of <paramref name="providers"/>, read fresh on the caller's connection and transaction (flow routing).</summary>
    internal static async Task<Dictionary<Guid, ProviderScore>> ReadAsync(NpgsqlConnection connection, Guid[] providers, CancellationToken ct)
    {
        var totals = await ProviderStatsSql.TotalsAsync(connection, providers, null, ct);
        return providers.Distinct().ToDictionary(p => p, p => ProviderScore.Compute(totals.GetValueOrDefault(p) ?? ProviderCounters.None));
    }

    private IReadOnlyDictionary<Guid, ProviderScore>? Fresh(Snapshot? snapshot)
    {
        if (snapshot is null)
            return null;
        var age = time.GetUtcNow() - snapshot.At;
        return age >= TimeSpan.Zero && age < options.Value.ProviderScoreRefresh ? snapshot.Scores : null;
    }
}
