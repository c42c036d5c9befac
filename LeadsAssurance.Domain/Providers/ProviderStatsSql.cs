using Npgsql;
using NpgsqlTypes;

namespace LeadsAssurance.Domain.Providers;

/// <summary>
/// The one home of the quality score's counters: the UPSERTs that move <c>provider_stats</c> in the transaction of the
/// sale or the return (one statement per batch of purchases, whatever its size), and the reads that sum them with
/// <c>ingestion_stats</c> (which <see cref="Ingestion.LeadIngestion"/> moves once per batch).
/// </summary>
internal static class ProviderStatsSql
{
    private static readonly string MaxAgeMinutes = ((long)ProviderScore.FreshnessHorizon.TotalMinutes).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// Counts the purchases whose ids are in <paramref name="purchaseIds"/> (a placeholder for a uuid[]: <c>$1</c> for
    /// Npgsql, <c>{0}</c> for EF Core) as sales of their leads' providers, on the Paris day of the purchase, with the
    /// consent's age at that moment. The purchase rows must be written first, in the same transaction.
    /// </summary>
    public static string CountSales(string purchaseIds) => $"""
        insert into provider_stats (provider_id, day, sales, returns, consent_age_minutes)
        select l.provider_id, (p.purchased_at at time zone 'Europe/Paris')::date, count(*)::int, 0,
               sum(least(greatest(extract(epoch from p.purchased_at - l.consent_captured_at) / 60, 0), {MaxAgeMinutes}))::bigint
          from purchases p join leads l on l.id = p.lead_id
         where p.id = any({purchaseIds})
         group by 1, 2
        on conflict (provider_id, day) do update set sales = provider_stats.sales + excluded.sales,
            consent_age_minutes = provider_stats.consent_age_minutes + excluded.consent_age_minutes
        """;

    /// <summary>One place returned by an accepted dispute: {0} the provider, {1} the Paris day of the decision.</summary>
    public const string CountReturn = """
        insert into provider_stats (provider_id, day, sales, returns, consent_age_minutes) values ({0}, {1}, 0, 1, 0)
        on conflict (provider_id, day) do update set returns = provider_stats.returns + 1
        """;

    /// <summary>
    /// Each provider's counters summed over the Paris days from <paramref name="since"/> (all days when null), for
    /// <paramref name="providers"/> only when given: index lookups on the tables' (provider_id, day) keys, never a scan
    /// of the leads.
    /// </summary>
    public static async Task<Dictionary<Guid, ProviderCounters>> TotalsAsync(NpgsqlConnection connection, Guid[]? providers, DateOnly? since, CancellationToken ct)
    {
        var totals = new Dictionary<Guid, ProviderCounters>();
        foreach (var (provider, _, counters) in await ReadAsync(connection, providers, since, byDay: false, ct))
            totals[provider] = counters;
        return totals;
    }

    /// <summary>One provider's counters per Paris day from <paramref name="since"/>.</summary>
    public static async Task<List<(DateOnly Day, ProviderCounters Counters)>> DaysAsync(NpgsqlConnection connection, Guid provider, DateOnly since, CancellationToken ct) =>
        [.. (await ReadAsync(connection, [provider], since, byDay: true, ct)).Select(r => (r.Day, r.Counters))];

    private static async Task<List<(Guid Provider, DateOnly Day, ProviderCounters Counters)>> ReadAsync(
        NpgsqlConnection connection, Guid[]? providers, DateOnly? since, bool byDay, CancellationToken ct)
    {
        var day = byDay ? "day" : "null::date";
        var keys = byDay ? "provider_id, day" : "provider_id";
        await using var command = new NpgsqlCommand($"""
            select coalesce(i.provider_id, s.provider_id), coalesce(i.day, s.day), coalesce(i.submitted, 0), coalesce(i.accepted, 0),
                   coalesce(i.duplicates, 0), coalesce(s.sales, 0), coalesce(s.returns, 0), coalesce(s.consent_age_minutes, 0)
              from (select provider_id, {day} as day, sum(submitted)::int as submitted, sum(accepted)::int as accepted, sum(duplicates)::int as duplicates
                      from ingestion_stats where ($1::uuid[] is null or provider_id = any($1)) and ($2::date is null or day >= $2)
                     group by {keys}) i
              full join (select provider_id, {day} as day, sum(sales)::int as sales, sum(returns)::int as returns,
                                sum(consent_age_minutes)::bigint as consent_age_minutes
                           from provider_stats where ($1::uuid[] is null or provider_id = any($1)) and ($2::date is null or day >= $2)
                          group by {keys}) s
                on s.provider_id = i.provider_id and s.day is not distinct from i.day
            """, connection)
        {
            Parameters =
            {
                new() { Value = (object?)providers ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid },
                new() { Value = since is { } d ? d : DBNull.Value, NpgsqlDbType = NpgsqlDbType.Date },
            },
        };
        var rows = new List<(Guid, DateOnly, ProviderCounters)>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            rows.Add((reader.GetGuid(0), reader.IsDBNull(1) ? default : reader.GetFieldValue<DateOnly>(1), new ProviderCounters(
                reader.GetInt32(2), reader.GetInt32(3), reader.GetInt32(4), reader.GetInt32(5), reader.GetInt32(6), reader.GetInt64(7))));
        return rows;
    }
}
