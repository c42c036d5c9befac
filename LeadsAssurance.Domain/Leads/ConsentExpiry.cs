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
    // $1 now, $2 the consent cut-off. A shared lead partly sold is withdrawn too: its remaining places can no longer be sold.
    private static readonly string Withdraw = $"""
        update leads l set status = '{LeadStatus.Expired}', updated_at = $1
         where {LeadSaleRule.HasOnSaleStatusSql("l")} and l.held_count = 0 and {LeadSaleRule.ConsentExpiredSql("l", "$2")}
        returning l.id
        """;

    public async Task<int> WithdrawExpiredAsync(CancellationToken ct = default)
    {
        var now = time.GetUtcNow();
        await using var command = dataSource.CreateCommand(Withdraw);
        command.Parameters.Add(new() { Value = now, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new() { Value = LeadSaleRule.ConsentCutoff(now, options.Value.ConsentValidity), NpgsqlDbType = NpgsqlDbType.TimestampTz });
        var withdrawn = new List<Guid>();
        await using (var reader = await command.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct))
                withdrawn.Add(reader.GetGuid(0));
        foreach (var e in LeadWithdrawn.For(withdrawn, WithdrawalReason.ConsentExpired, now))
            events.Publish(e);
        return withdrawn.Count;
    }
}
