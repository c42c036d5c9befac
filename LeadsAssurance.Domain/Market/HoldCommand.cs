using Npgsql;
using NpgsqlTypes;

namespace LeadsAssurance.Domain.Market;

/// <summary>
/// A hold in one round trip: the broker's lock, his hold count, the conditional UPDATE of the lead and the hold row
/// travel as one batch, which PostgreSQL runs as one implicit transaction. Under contention the losers' UPDATE
/// matches no row, so exactly one broker gets the last place, without retries that hammer the row; the same
/// statement tells a loser why.
/// </summary>
internal static class HoldCommand
{
    // The hold locks the lead's price at this instant (LeadPriceRule): the reservation keeps it and the payment charges
    // it, however far the price falls meanwhile. Winners and losers alike get their answer from this one statement: the hold, or why not (whether the lead exists,
    // whether the broker's account is active, his active holds and when the first of them ends), read in the same
    // snapshot. The losers' second query had doubled the database round trips of a contended burst. The account's
    // status is read here, not only by the caller's authorization: a market room opened before a suspension must not
    // hold anything after it.
    private static readonly string Hold = $"""
        with held as (
            select count(*) as n from reservations where broker_id = $2 and status = 'Active' and expires_at > $3
        ), taken as (
            update leads l set held_count = l.held_count + 1, updated_at = $3,
                status = {LeadSaleRule.StatusSql("l", "l.sold_count", "l.held_count + 1")}
            where l.id = $1 and {LeadSaleRule.CanBeSoldToSql("l", "$2", "$4")}
              and (select n from held) < $5
              and {LeadSaleRule.NamedIfRequiredSql("l", "$2")}
              and exists (select 1 from "AspNetUsers" u where u.id = $2 and u.status = 'Active')
            returning {LeadPriceRule.CurrentPriceSql("l", "$3")} as price, {LeadSaleRule.PlacesLeftSql("l")} as places_left
        ), inserted as (
            insert into reservations (id, lead_id, broker_id, price, status, created_at, expires_at)
            select $6, $1, $2, price, 'Active', $3, $7 from taken
            returning price
        )
        select i.price, (select places_left from taken), null::bigint, null::boolean, null::boolean, null::timestamptz, null::boolean from inserted i
        union all
        select null::numeric, null::integer, (select n from held), exists (select 1 from leads where id = $1),
               exists (select 1 from "AspNetUsers" u where u.id = $2 and u.status = 'Active'),
               (select min(expires_at) from reservations where broker_id = $2 and status = 'Active' and expires_at > $3),
               exists (select 1 from leads l where l.id = $1 and not {LeadSaleRule.NamedIfRequiredSql("l", "$2")})
        where not exists (select 1 from inserted)
        """;

    public sealed record Outcome(decimal Price, int PlacesLeft);

    /// <summary>
    /// Returns the hold, or throws <see cref="LeadTakenException"/>, <see cref="HoldLimitException"/>,
    /// <see cref="AccountNotActiveException"/>, <see cref="NamedPartnerRequiredException"/> or <see cref="NotFoundException"/>.
    /// </summary>
    public static async Task<Outcome> RunAsync(NpgsqlDataSource dataSource, Guid reservationId, Guid leadId, Guid brokerId,
        DateTimeOffset now, DateTimeOffset expiresAt, DateTimeOffset consentCutoff, int maxHolds, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using (var batch = new NpgsqlBatch(connection))
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand("select pg_advisory_xact_lock(hashtextextended($1, 42))")
            {
                Parameters = { new() { Value = brokerId.ToString() } },
            });
            var hold = new NpgsqlBatchCommand(Hold);
            hold.Parameters.Add(new() { Value = leadId });
            hold.Parameters.Add(new() { Value = brokerId });
            hold.Parameters.Add(new() { Value = now, NpgsqlDbType = NpgsqlDbType.TimestampTz });
            hold.Parameters.Add(new() { Value = consentCutoff, NpgsqlDbType = NpgsqlDbType.TimestampTz });
            hold.Parameters.Add(new() { Value = (long)maxHolds });
            hold.Parameters.Add(new() { Value = reservationId });
            hold.Parameters.Add(new() { Value = expiresAt, NpgsqlDbType = NpgsqlDbType.TimestampTz });
            batch.BatchCommands.Add(hold);
            // Prepared once per physical connection (Npgsql keeps it across pool checkouts and finds it again by its
            // text): PostgreSQL then neither parses nor plans this CTE on every hold.
            await batch.PrepareAsync(ct);
            await using var reader = await batch.ExecuteReaderAsync(ct);
            await reader.NextResultAsync(ct);
            await reader.ReadAsync(ct);
            if (!reader.IsDBNull(0))
                return new Outcome(reader.GetDecimal(0), reader.GetInt32(1));
            if (!reader.GetBoolean(3))
                throw new NotFoundException("Lead introuvable.");
            if (!reader.GetBoolean(4))
                throw new AccountNotActiveException();
            if (reader.GetBoolean(6))
                throw new NamedPartnerRequiredException();
            if (reader.GetInt64(2) >= maxHolds)
                throw new HoldLimitException(maxHolds, reader.IsDBNull(5) ? null : reader.GetFieldValue<DateTimeOffset>(5) - now);
        }
        throw new LeadTakenException();
    }
}
