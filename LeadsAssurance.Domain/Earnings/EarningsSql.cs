using Npgsql;
using NpgsqlTypes;

namespace LeadsAssurance.Domain.Earnings;

/// <summary>
/// The one home of the provider earnings ledger's SQL: the lines a sale and a return write in their own transaction
/// (set-based, one statement per batch of purchases), and the rule that says when a line is held and when it is
/// available to pay.
/// </summary>
internal static class EarningsSql
{
    /// <summary>
    /// Serialises the payouts of provider {0} (only <see cref="ProviderPayouts"/> takes it, before anything else in its
    /// transaction): two admins marking the same month paid cannot both see it due. Sales and disputes do not take it: a
    /// sale is held when booked, and what a decision releases meanwhile is paid next time, since what is due is always
    /// what was released less everything paid.
    /// </summary>
    public const string LockProvider = "select pg_advisory_xact_lock(hashtextextended({0}::text, 43))";

    /// <summary>
    /// Books the purchases whose ids are in <paramref name="purchaseIds"/> (a uuid[] placeholder: <c>$1</c> for Npgsql,
    /// <c>{0}</c> for EF Core) as earnings of their leads' providers: the price less the product's current commission,
    /// rounded to the cent. The purchase rows must be written first, in the same transaction; a purchase already booked
    /// is skipped.
    /// </summary>
    public static string RecordSales(string purchaseIds) => $"""
        insert into provider_earnings (provider_id, kind, amount, gross, commission_rate, commission, purchase_id, product_code, reference, actor_id, created_at)
        select l.provider_id, 'Sale', p.price - round(p.price * pr.commission_rate, 2), p.price, pr.commission_rate,
               round(p.price * pr.commission_rate, 2), p.id, l.product_code, 'purchase:' || p.id, null, p.purchased_at
          from purchases p join leads l on l.id = p.lead_id join products pr on pr.code = l.product_code
         where p.id = any({purchaseIds})
        on conflict (provider_id, kind, reference) do nothing
        """;

    /// <summary>
    /// An accepted return: the sale's line of purchase {0} reversed, by admin {1} (null when accepted automatically) at {2}. Booked once per purchase,
    /// with the rate the sale recorded.
    /// </summary>
    public const string ReverseSale = """
        insert into provider_earnings (provider_id, kind, amount, gross, commission_rate, commission, purchase_id, product_code, reference, actor_id, created_at)
        select provider_id, 'Return', -amount, -gross, commission_rate, -commission, purchase_id, product_code, reference, {1}::uuid, {2}
          from provider_earnings where purchase_id = {0} and kind = 'Sale'
        on conflict (provider_id, kind, reference) do nothing
        """;

    /// <summary>
    /// The lines of the providers in <c>$1</c> (null: every provider) with the instant each became available
    /// (<c>released_at</c>, null while held). A sale and its return are held until the purchase's dispute window
    /// (<c>$2</c>, an interval) has passed and, if it was disputed, the dispute is decided; a payout is settled at once.
    /// The window is the one disputes are judged by now (Disputes/DisputeService), so money is never released while the
    /// broker may still dispute.
    /// </summary>
    private const string Released = """
        select e.id, e.provider_id, e.kind, e.amount, e.reference, e.period, e.created_at,
               case when e.purchase_id is null then e.created_at
                    when d.status = 'Open' then null
                    else greatest(p.purchased_at + $2, coalesce(d.decided_at, '-infinity'::timestamptz)) end as released_at
          from provider_earnings e
          left join purchases p on p.id = e.purchase_id
          left join disputes d on d.purchase_id = e.purchase_id
         where $1::uuid[] is null or e.provider_id = any($1)
        """;

    /// <summary>
    /// Each provider's position at <paramref name="at"/>, counting the lines booked by then: what was released (less what
    /// was paid) and what is still held. Their sum is the ledger's sum at that instant.
    /// </summary>
    public static async Task<Dictionary<Guid, EarningsPosition>> PositionsAsync(NpgsqlConnection connection, Guid[]? providers,
        DateTimeOffset at, TimeSpan window, CancellationToken ct)
    {
        await using var command = Command(connection, $"""
            select provider_id,
                   coalesce(sum(amount) filter (where released_at <= $3), 0),
                   coalesce(sum(amount) filter (where released_at is null or released_at > $3), 0),
                   coalesce(-sum(amount) filter (where kind = 'Payout'), 0)
              from ({Released}) r
             where created_at <= $3
             group by provider_id
            """, providers, window, at);
        var positions = new Dictionary<Guid, EarningsPosition>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            positions[reader.GetGuid(0)] = new EarningsPosition(reader.GetDecimal(1), reader.GetDecimal(2), reader.GetDecimal(3));
        return positions;
    }

    /// <summary>
    /// What each provider is owed for <paramref name="month"/>: his earnings released by <paramref name="cutoff"/> (the end
    /// of the month, or now if sooner) less everything paid to him so far, with the payouts booked for that month.
    /// </summary>
    public static async Task<List<PayoutDue>> DueAsync(NpgsqlConnection connection, Guid[]? providers, DateOnly month,
        DateTimeOffset cutoff, TimeSpan window, CancellationToken ct)
    {
        await using var command = Command(connection, $"""
            select r.provider_id, u.company_name, u.email,
                   coalesce(sum(r.amount) filter (where r.kind <> 'Payout' and r.released_at <= $3), 0),
                   coalesce(-sum(r.amount) filter (where r.kind = 'Payout'), 0),
                   coalesce(-sum(r.amount) filter (where r.kind = 'Payout' and r.period = $4), 0),
                   coalesce(string_agg(r.reference, ' ; ' order by r.id) filter (where r.kind = 'Payout' and r.period = $4), '')
              from ({Released}) r join "AspNetUsers" u on u.id = r.provider_id
             group by r.provider_id, u.company_name, u.email
             order by u.company_name, r.provider_id
            """, providers, window, cutoff, month);
        var rows = new List<PayoutDue>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var released = reader.GetDecimal(3);
            var paid = reader.GetDecimal(4);
            rows.Add(new PayoutDue(reader.GetGuid(0), reader.IsDBNull(1) ? "" : reader.GetString(1), reader.IsDBNull(2) ? "" : reader.GetString(2),
                released, paid, Math.Max(0m, released - paid), reader.GetDecimal(5), reader.GetString(6)));
        }
        return rows;
    }

    private static NpgsqlCommand Command(NpgsqlConnection connection, string sql, Guid[]? providers, TimeSpan window, DateTimeOffset at, DateOnly? month = null)
    {
        var command = new NpgsqlCommand(sql, connection)
        {
            Parameters =
            {
                new() { Value = (object?)providers ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid },
                new() { Value = window, NpgsqlDbType = NpgsqlDbType.Interval },
                new() { Value = at, NpgsqlDbType = NpgsqlDbType.TimestampTz },
            },
        };
        if (month is { } m)
            command.Parameters.Add(new() { Value = m, NpgsqlDbType = NpgsqlDbType.Date });
        return command;
    }
}
