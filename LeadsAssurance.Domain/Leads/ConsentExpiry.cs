using LeadsAssurance.Domain.Market;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace LeadsAssurance.Domain.Leads;

/// <summary>
/// Withdraws from sale the leads whose consent is older than <see cref="MarketOptions.ConsentValidity"/> (30 days,
/// Code des assurances R112-7). The market and holds already refuse them; this makes the status say so. A lead
/// someone holds is left to its hold and withdrawn on a later run once released.
/// </summary>
public sealed class ConsentExpiry(NpgsqlDataSource dataSource, MarketEventBus events, IOptions<MarketOptions> options, TimeProvider time)
{
    public async Task<int> WithdrawExpiredAsync(CancellationToken ct = default)
    {
        var now = time.GetUtcNow();
        await using var command = dataSource.CreateCommand("""
            update leads set status = 'Expired', updated_at = $1
             where status = 'Stock' and held_count = 0 and consent_captured_at <= $2
            """);
        command.Parameters.Add(new() { Value = now, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new() { Value = now - options.Value.ConsentValidity, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        var withdrawn = await command.ExecuteNonQueryAsync(ct);
        if (withdrawn > 0)
            events.Publish(new MarketResync(now));
        return withdrawn;
    }
}
