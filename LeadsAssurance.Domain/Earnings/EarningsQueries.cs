using LeadsAssurance.Domain.Market;
using Microsoft.Extensions.Options;
using Npgsql;

namespace LeadsAssurance.Domain.Earnings;

/// <summary>A provider's reads of his earnings: where they stand now, and at an instant (a statement's opening and closing).</summary>
public sealed class EarningsQueries(NpgsqlDataSource dataSource, IOptions<MarketOptions> options, TimeProvider time)
{
    public Task<EarningsPosition> PositionAsync(Guid providerId, CancellationToken ct = default) =>
        PositionAtAsync(providerId, time.GetUtcNow(), ct);

    public async Task<EarningsPosition> PositionAtAsync(Guid providerId, DateTimeOffset at, CancellationToken ct = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var positions = await EarningsSql.PositionsAsync(connection, [providerId], at, options.Value.DisputeWindow, ct);
        return positions.GetValueOrDefault(providerId, EarningsPosition.Zero);
    }
}
