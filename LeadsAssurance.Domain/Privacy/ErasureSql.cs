using LeadsAssurance.Domain.Consent;
using LeadsAssurance.Domain.Leads;
using LeadsAssurance.Domain.Market;
using Npgsql;
using NpgsqlTypes;

namespace LeadsAssurance.Domain.Privacy;

/// <summary>The statements of an erasure's transaction (<see cref="ErasureService"/>).</summary>
internal static class ErasureSql
{
    /// <summary>A buyer to tell (GDPR art. 19), with his purchases of the erased leads.</summary>
    internal sealed record Buyer(Guid Id, string Email, string CompanyName, List<(DateTimeOffset PurchasedAt, string Product)> Purchases);

    /// <summary>
    /// The person's leads whose identity is still held, with their consents, locked. Phones and e-mails are indexed after
    /// the product code (the dedupe's indexes): naming every product keeps this an index lookup per product.
    /// </summary>
    internal static async Task<List<StoredConsent>> LockHeldAsync(NpgsqlConnection connection, NpgsqlTransaction tx, PersonKey person, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(StoredConsent.Select + """
             where l.erased_at is null and l.product_code in (select code from products)
               and (l.phone = $1 or l.email = $2)
             order by c.chain_position
             for update of l
            """, connection, tx)
        {
            Parameters =
            {
                new() { Value = (object?)person.Phone ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Varchar },
                new() { Value = (object?)person.Email ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Varchar },
            },
        };
        var records = new List<StoredConsent>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            records.Add(StoredConsent.Read(reader));
        return records;
    }

    /// <summary>
    /// Up to <paramref name="limit"/> leads whose identity the retention rule no longer allows to keep, locked (skipping
    /// those another node's batch holds): unsold ones whose consent was captured at or before <paramref name="cutoff"/>
    /// (it can no longer be used), or sold ones whose last purchase is at or before it.
    /// </summary>
    internal static async Task<List<StoredConsent>> LockExpiredAsync(NpgsqlConnection connection, NpgsqlTransaction tx, bool sold,
        DateTimeOffset cutoff, int limit, CancellationToken ct)
    {
        var condition = sold
            ? "l.sold_count > 0 and not exists (select 1 from purchases p where p.lead_id = l.id and p.purchased_at > $1)"
            : "l.sold_count = 0 and l.held_count = 0 and l.consent_captured_at <= $1";
        await using var command = new NpgsqlCommand(StoredConsent.Select + $"""
             where l.erased_at is null and {condition}
             order by c.chain_position
             limit $2
             for update of l skip locked
            """, connection, tx)
        {
            Parameters = { new() { Value = cutoff, NpgsqlDbType = NpgsqlDbType.TimestampTz }, new() { Value = limit } },
        };
        var records = new List<StoredConsent>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            records.Add(StoredConsent.Read(reader));
        return records;
    }

    /// <summary>
    /// Empties the identity and its salt, closes the holds on the leads and withdraws those still on sale (a lead sold out
    /// stays sold: its buyers keep their purchase, shown erased). Returns those withdrawn.
    /// </summary>
    internal static async Task<List<Guid>> EraseLeadsAsync(NpgsqlConnection connection, NpgsqlTransaction tx, Guid[] ids, DateTimeOffset now, CancellationToken ct)
    {
        await using var batch = new NpgsqlBatch(connection, tx)
        {
            BatchCommands =
            {
                new($"update reservations set status = '{ReservationStatus.Cancelled}', closed_at = $2 where lead_id = any($1) and status = '{ReservationStatus.Active}'"),
                new($"""
                    update leads set first_name = '', last_name = '', phone = '', email = '', city = '', identity_salt = null,
                           erased_at = $2, updated_at = $2, held_count = 0,
                           status = case when status in ('{LeadStatus.Stock}', '{LeadStatus.Reserved}') then '{LeadStatus.Erased}' else status end
                     where id = any($1)
                    returning id, (status = '{LeadStatus.Erased}')
                    """),
            },
        };
        foreach (var command in batch.BatchCommands)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = ids });
            command.Parameters.Add(new NpgsqlParameter { Value = now, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        }
        var withdrawn = new List<Guid>();
        await using var reader = await batch.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            if (reader.GetBoolean(1))
                withdrawn.Add(reader.GetGuid(0));
        return withdrawn;
    }

    internal static async Task<List<Buyer>> BuyersAsync(NpgsqlConnection connection, NpgsqlTransaction tx, Guid[] ids, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("""
            select u.id, coalesce(u.email, ''), u.company_name, p.purchased_at, coalesce(pr.label, l.product_code)
              from purchases p join "AspNetUsers" u on u.id = p.broker_id join leads l on l.id = p.lead_id
              left join products pr on pr.code = l.product_code
             where p.lead_id = any($1)
             order by u.id, p.purchased_at
            """, connection, tx)
        {
            Parameters = { new() { Value = ids } },
        };
        var buyers = new List<Buyer>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var id = reader.GetGuid(0);
            if (buyers.Count == 0 || buyers[^1].Id != id)
                buyers.Add(new Buyer(id, reader.GetString(1), reader.GetString(2), []));
            buyers[^1].Purchases.Add((reader.GetFieldValue<DateTimeOffset>(3), reader.GetString(4)));
        }
        return buyers;
    }
}
