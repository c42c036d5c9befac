using LeadsAssurance.Domain.Email;
using Npgsql;
using NpgsqlTypes;

namespace LeadsAssurance.Domain.Flows;

/// <summary>
/// The statements of <see cref="FlowRouter"/>, run on the ingestion batch's connection and transaction: a few per
/// batch whatever its size and the number of flows (reads of the active flows, the locks, then one batch of writes).
/// </summary>
internal static class FlowSql
{
    private const string FlowColumns = """
        f.id, f.broker_id, f.product_codes, f.departements, f.max_price, f.exclusive, f.max_consent_age_hours, f.attribute_filters::text,
        f.daily_cap, f.weekly_cap, f.monthly_cap, f.monthly_spend_cap, f.schedule_days, f.schedule_from, f.schedule_to, f.priority,
        f.webhook_url is not null, f.delivery_turn, f.day_key, f.day_count, f.week_key, f.week_count, f.month_key, f.month_count, f.month_spend, f.name,
        f.min_provider_score, f.named_partner_only,
        coalesce((select named_broker.partner_keys from "AspNetUsers" named_broker where named_broker.id = f.broker_id), '{}')
        """;

    /// <summary>
    /// The active flows of the batch's products and départements (or nationwide), unlocked: which flows and wallets the
    /// router must lock.
    /// </summary>
    public static async Task<List<FlowCandidate>> ActiveFlowsAsync(NpgsqlConnection connection, string[] products, string[] departements,
        FlowCalendar calendar, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand($"""
            select {FlowColumns} from flows f
             where f.status = 'Active' and f.product_codes && $1 and (cardinality(f.departements) = 0 or f.departements && $2)
            """, connection)
        {
            Parameters =
            {
                new() { Value = products, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text },
                new() { Value = departements, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text },
            },
        };
        return await ReadFlowsAsync(command, calendar, ct);
    }

    /// <summary>
    /// Locks, in this order, the brokers' wallets (the ledger's advisory lock, in id order) and then the flows' rows (in
    /// id order), and reads them again: fresh counters and status, each broker's balance, his e-mail, and the highest
    /// turn given so far. Wallets before flow rows, as a top-up does when it resumes flows (<see cref="Ledger.LedgerService"/>),
    /// and as a market payment takes the wallet before the hold's row: no cycle, so no deadlock. Only flows of active
    /// accounts come back.
    /// </summary>
    public static async Task<(List<FlowCandidate> Flows, Dictionary<Guid, Broker> Brokers, long Turn, HashSet<string> NamedPartnerProducts)> LockAsync(
        NpgsqlConnection connection, Guid[] flowIds, Guid[] brokerIds, FlowCalendar calendar, CancellationToken ct)
    {
        Array.Sort(brokerIds);
        await using var batch = new NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand("select count(pg_advisory_xact_lock(hashtextextended(b::text, 42))) from (select b from unnest($1::uuid[]) b order by b) s")
                {
                    Parameters = { new() { Value = brokerIds } },
                },
                new NpgsqlBatchCommand($"""
                    select {FlowColumns} from flows f join "AspNetUsers" u on u.id = f.broker_id and u.status = 'Active'
                     where f.id = any($1) and f.status = 'Active' order by f.id for update of f
                    """)
                {
                    Parameters = { new() { Value = flowIds } },
                },
                new NpgsqlBatchCommand($"""
                    select b, {BalanceSql}, u.email, u.company_name, u.flow_notifications
                      from unnest($1::uuid[]) b join "AspNetUsers" u on u.id = b
                    """)
                {
                    Parameters = { new() { Value = brokerIds } },
                },
                new NpgsqlBatchCommand(TurnSql),
                new NpgsqlBatchCommand(NamedPartnerProductsSql),
            },
        };
        await using var reader = await batch.ExecuteReaderAsync(ct);
        await reader.NextResultAsync(ct);
        var flows = new List<FlowCandidate>();
        while (await reader.ReadAsync(ct))
            flows.Add(ReadFlow(reader, calendar));
        await reader.NextResultAsync(ct);
        var brokers = new Dictionary<Guid, Broker>();
        while (await reader.ReadAsync(ct))
            brokers[reader.GetGuid(0)] = new Broker(reader.GetDecimal(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.IsDBNull(3) ? "" : reader.GetString(3),
                Enum.Parse<FlowNotifications>(reader.GetString(4)));
        await reader.NextResultAsync(ct);
        await reader.ReadAsync(ct);
        var turn = reader.GetInt64(0);
        await reader.NextResultAsync(ct);
        await reader.ReadAsync(ct);
        return (flows, brokers, turn, [.. reader.GetFieldValue<string[]>(0)]);
    }

    /// <summary>The products whose leads only a broker named in the consent may buy, read under the routing's locks.</summary>
    private const string NamedPartnerProductsSql = "select coalesce(array_agg(code), '{}') from products where require_named_partner";

    /// <summary>Broker b's balance: his wallet's last ledger entry.</summary>
    private const string BalanceSql = "coalesce((select e.balance_after from credit_ledger e where e.account_id = b order by e.id desc limit 1), 0)";

    /// <summary>The highest turn given so far to any flow.</summary>
    private const string TurnSql = "select coalesce(max(delivery_turn), 0) from flows";

    public sealed record Broker(decimal Balance, string? Email, string CompanyName, FlowNotifications Notifications);

    /// <summary>Unlocked, for a prediction: the brokers' balances and the highest turn given so far.</summary>
    public static async Task<(Dictionary<Guid, decimal> Balances, long Turn)> SnapshotAsync(NpgsqlConnection connection, Guid[] brokerIds, CancellationToken ct)
    {
        await using var batch = new NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand($"select b, {BalanceSql} from unnest($1::uuid[]) b")
                {
                    Parameters = { new() { Value = brokerIds } },
                },
                new NpgsqlBatchCommand(TurnSql),
            },
        };
        await using var reader = await batch.ExecuteReaderAsync(ct);
        var balances = new Dictionary<Guid, decimal>();
        while (await reader.ReadAsync(ct))
            balances[reader.GetGuid(0)] = reader.GetDecimal(1);
        await reader.NextResultAsync(ct);
        await reader.ReadAsync(ct);
        return (balances, reader.GetInt64(0));
    }

    /// <summary>
    /// Books the allocation in one round trip: purchases, ledger debits (in booking order, so each wallet's last entry
    /// carries its final balance), deliveries, the flows' counters and turns, the paused flows, the sold places of the leads
    /// already in the table (<paramref name="soldPlaces"/>; the others are copied with them counted),
    /// and the e-mails. Returns the ledger entries' (id, account) in booking order.
    /// </summary>
    public static async Task<List<(long Id, Guid Account)>> WriteAsync(NpgsqlConnection connection, FlowAllocation allocation,
        IReadOnlyList<KeyValuePair<Guid, int>> soldPlaces, IReadOnlyList<Guid> purchaseIds, IReadOnlyList<Guid> deliveryIds, FlowCalendar calendar, DateTimeOffset now,
        IReadOnlyList<OutboundEmail> emails, CancellationToken ct)
    {
        var takes = allocation.Takes;
        await using var batch = new NpgsqlBatch(connection);
        if (takes.Count > 0)
        {
            var leadIds = takes.Select(t => t.Lead.Id).ToArray();
            var brokerIds = takes.Select(t => t.Flow.BrokerId).ToArray();
            var flowIds = takes.Select(t => t.Flow.Id).ToArray();
            var prices = takes.Select(t => t.Lead.Price).ToArray();
            var purchases = purchaseIds.ToArray();
            batch.BatchCommands.Add(Command("""
                insert into purchases (id, lead_id, broker_id, price, purchased_at, flow_id)
                select u.id, u.lead_id, u.broker_id, u.price, $5, u.flow_id from unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::numeric[], $6::uuid[]) u(id, lead_id, broker_id, price, flow_id)
                """, purchases, leadIds, brokerIds, prices, now, flowIds));
            batch.BatchCommands.Add(Command("""
                insert into credit_ledger (account_id, kind, amount, balance_after, reference, actor_id, created_at)
                select u.account_id, 'Purchase', -u.price, u.balance_after, 'purchase:' || u.purchase_id, u.account_id, $5
                  from unnest($1::uuid[], $2::numeric[], $3::numeric[], $4::uuid[]) with ordinality u(account_id, price, balance_after, purchase_id, n)
                 order by u.n
                returning id, account_id
                """, brokerIds, prices, takes.Select(t => t.BalanceAfter).ToArray(), purchases, now));
            batch.BatchCommands.Add(Command("""
                insert into flow_deliveries (id, flow_id, lead_id, purchase_id, broker_id, price, created_at, status, attempts, next_attempt_at)
                select u.id, u.flow_id, u.lead_id, u.purchase_id, u.broker_id, u.price, $7,
                       case when u.webhook then 'Pending' else 'NoWebhook' end, 0, case when u.webhook then $7 end
                  from unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::uuid[], $6::numeric[], $8::boolean[]) u(id, flow_id, lead_id, purchase_id, broker_id, price, webhook)
                """, deliveryIds.ToArray(), flowIds, leadIds, purchases, brokerIds, prices, now, takes.Select(t => t.Flow.HasWebhook).ToArray()));
            // The access trail: each broker's flows were handed these contacts (his pages, webhook and e-mail show them).
            batch.BatchCommands.Add(Command("""
                insert into contact_reveals (at, actor_id, broker_id, channel, lead_ids)
                select $3, u.broker_id, u.broker_id, 'FlowDelivery', array_agg(u.lead_id) from unnest($1::uuid[], $2::uuid[]) u(broker_id, lead_id)
                 group by u.broker_id
                """, brokerIds, leadIds, now));
            var served = takes.Select(t => t.Flow).Distinct().ToArray();
            batch.BatchCommands.Add(Command("""
                update flows f set day_key = $2, day_count = u.day_count, week_key = $3, week_count = u.week_count,
                       month_key = $4, month_count = u.month_count, month_spend = u.month_spend, delivery_turn = u.turn,
                       last_delivery_at = $5
                  from unnest($1::uuid[], $6::int[], $7::int[], $8::int[], $9::numeric[], $10::bigint[]) u(id, day_count, week_count, month_count, month_spend, turn)
                 where f.id = u.id
                """, served.Select(f => f.Id).ToArray(), calendar.Day, calendar.Week, calendar.Month, now,
                served.Select(f => f.DayCount).ToArray(), served.Select(f => f.WeekCount).ToArray(), served.Select(f => f.MonthCount).ToArray(),
                served.Select(f => f.MonthSpend).ToArray(), served.Select(f => f.Turn).ToArray()));
            // The providers' sales, for their quality score, from the purchases written above.
            batch.BatchCommands.Add(Command(Providers.ProviderStatsSql.CountSales("$1"), purchases));
            // And their earnings, from the same rows.
            batch.BatchCommands.Add(Command(Earnings.EarningsSql.RecordSales("$1"), purchases));
        }
        if (soldPlaces.Count > 0)
            batch.BatchCommands.Add(SoldPlaces(soldPlaces, now));
        if (allocation.Starved.Count > 0)
            batch.BatchCommands.Add(Command("""
                update flows set status = 'Paused', pause_cause = 'InsufficientCredits', pause_reason = $2, paused_at = $3, updated_at = $3
                 where id = any($1) and status = 'Active'
                """, allocation.Starved.Select(f => f.Id).ToArray(), Flow.PausedForCredits, now));
        if (emails.Count > 0)
            batch.BatchCommands.Add(Command("""
                insert into outbound_emails (id, template, recipient, subject, html_body, text_body, status, attempts, next_attempt_at, created_at)
                select u.id, u.template, u.recipient, u.subject, u.html, u.text, 'Queued', 0, $7, $7
                  from unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[]) u(id, template, recipient, subject, html, text)
                """, emails.Select(e => e.Id).ToArray(), emails.Select(e => e.Template.ToString()).ToArray(), emails.Select(e => e.Recipient).ToArray(),
                emails.Select(e => e.Subject).ToArray(), emails.Select(e => e.HtmlBody).ToArray(), emails.Select(e => e.TextBody).ToArray(), now));
        if (batch.BatchCommands.Count == 0)
            return [];
        var entries = new List<(long, Guid)>();
        await using var reader = await batch.ExecuteReaderAsync(ct);
        // Statements without rows have no result set: the reader starts on the ledger's returned rows.
        if (takes.Count > 0)
            while (await reader.ReadAsync(ct))
                entries.Add((reader.GetInt64(0), reader.GetGuid(1)));
        while (await reader.NextResultAsync(ct)) { }
        return entries;
    }

    /// <summary>Adds places sold to flows (or takes back predicted ones) on leads in the table, with their status.</summary>
    private static NpgsqlBatchCommand SoldPlaces(IReadOnlyList<KeyValuePair<Guid, int>> places, DateTimeOffset now) => Command($"""
        update leads l set sold_count = l.sold_count + u.places, updated_at = $3,
               status = {Market.LeadSaleRule.StatusSql("l", "l.sold_count + u.places", "l.held_count")}
          from unnest($1::uuid[], $2::int[]) u(id, places) where l.id = u.id
        """, places.Select(p => p.Key).ToArray(), places.Select(p => p.Value).ToArray(), now);

    /// <summary>When routing bought nothing: the places a prediction counted on copied leads, taken back.</summary>
    public static async Task CorrectSoldPlacesAsync(NpgsqlConnection connection, IReadOnlyList<KeyValuePair<Guid, int>> places, DateTimeOffset now, CancellationToken ct)
    {
        await using var batch = new NpgsqlBatch(connection) { BatchCommands = { SoldPlaces(places, now) } };
        await batch.ExecuteNonQueryAsync(ct);
    }

    private static async Task<List<FlowCandidate>> ReadFlowsAsync(NpgsqlCommand command, FlowCalendar calendar, CancellationToken ct)
    {
        var flows = new List<FlowCandidate>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            flows.Add(ReadFlow(reader, calendar));
        return flows;
    }

    /// <summary>A flow row; a counter of a past period (its key is not this day, week or month) counts as zero.</summary>
    private static FlowCandidate ReadFlow(NpgsqlDataReader r, FlowCalendar calendar)
    {
        int Count(int keyColumn, DateOnly current) => !r.IsDBNull(keyColumn) && r.GetFieldValue<DateOnly>(keyColumn) == current ? r.GetInt32(keyColumn + 1) : 0;
        var monthCurrent = !r.IsDBNull(22) && r.GetFieldValue<DateOnly>(22) == calendar.Month;
        return new FlowCandidate
        {
            Id = r.GetGuid(0),
            BrokerId = r.GetGuid(1),
            ProductCodes = r.GetFieldValue<string[]>(2),
            Departements = [.. r.GetFieldValue<string[]>(3)],
            MaxPrice = r.IsDBNull(4) ? null : r.GetDecimal(4),
            Exclusive = r.IsDBNull(5) ? null : r.GetBoolean(5),
            MaxConsentAgeHours = r.IsDBNull(6) ? null : r.GetInt32(6),
            Conditions = AttributeCondition.Parse(r.GetString(7)),
            DailyCap = r.IsDBNull(8) ? null : r.GetInt32(8),
            WeeklyCap = r.IsDBNull(9) ? null : r.GetInt32(9),
            MonthlyCap = r.IsDBNull(10) ? null : r.GetInt32(10),
            MonthlySpendCap = r.IsDBNull(11) ? null : r.GetDecimal(11),
            ScheduleDays = r.IsDBNull(12) ? null : r.GetFieldValue<int[]>(12),
            ScheduleFrom = r.IsDBNull(13) ? null : r.GetFieldValue<TimeOnly>(13),
            ScheduleTo = r.IsDBNull(14) ? null : r.GetFieldValue<TimeOnly>(14),
            Priority = r.GetInt32(15),
            HasWebhook = r.GetBoolean(16),
            Turn = r.GetInt64(17),
            DayCount = Count(18, calendar.Day),
            WeekCount = Count(20, calendar.Week),
            MonthCount = Count(22, calendar.Month),
            MonthSpend = monthCurrent ? r.GetDecimal(24) : 0m,
            Name = r.GetString(25),
            MinProviderScore = r.IsDBNull(26) ? null : r.GetDecimal(26),
            NamedPartnerOnly = r.GetBoolean(27),
            BrokerPartnerKeys = r.GetFieldValue<string[]>(28),
        };
    }

    private static NpgsqlBatchCommand Command(string sql, params object[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in values)
            command.Parameters.Add(value is DateTimeOffset t
                ? new NpgsqlParameter { Value = t, NpgsqlDbType = NpgsqlDbType.TimestampTz }
                : new NpgsqlParameter { Value = value });
        return command;
    }
}
