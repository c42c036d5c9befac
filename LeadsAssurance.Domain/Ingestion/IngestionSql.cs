using LeadsAssurance.Domain.Consent;
using LeadsAssurance.Domain.Leads;
using Npgsql;
using NpgsqlTypes;

namespace LeadsAssurance.Domain.Ingestion;

/// <summary>
/// The statements of one ingestion transaction (<see cref="LeadIngestion.WriteAsync"/>): the consent chain head's
/// lock and move, the 30-day dedupe probes, the binary COPY of leads and consent records, the daily counts.
/// </summary>
internal static class IngestionSql
{
    private const string CountStats = """
        insert into ingestion_stats (provider_id, day, submitted, accepted, invalid, duplicates) values ($1, $2, $3, $4, $5, $6)
        on conflict (provider_id, day) do update set submitted = ingestion_stats.submitted + excluded.submitted,
            accepted = ingestion_stats.accepted + excluded.accepted, invalid = ingestion_stats.invalid + excluded.invalid,
            duplicates = ingestion_stats.duplicates + excluded.duplicates
        """;

    /// <summary>The day's counters and, when the batch refused leads, their reasons: one statement (a writable CTE).</summary>
    internal static async Task CountAsync(NpgsqlConnection connection, Guid providerId, DateTimeOffset now, IReadOnlyList<IngestionResult> results, CancellationToken ct)
    {
        var tally = IngestionTally.Of(results);
        var refusals = results.Where(r => r.Status != IngestionStatus.Accepted).GroupBy(RefusalReason.Of).ToArray();
        await using var command = new NpgsqlCommand(refusals.Length == 0 ? CountStats : $"""
            with stats as ({CountStats} returning 1)
            insert into ingestion_refusals (provider_id, day, reason, count) select $1, $2, u.reason, u.n from unnest($7::text[], $8::int[]) u(reason, n)
            on conflict (provider_id, day, reason) do update set count = ingestion_refusals.count + excluded.count
            """, connection)
        {
            Parameters =
            {
                new() { Value = providerId },
                new() { Value = DateOnly.FromDateTime(France.ToParis(now).DateTime) },
                new() { Value = results.Count },
                new() { Value = tally.Accepted },
                new() { Value = tally.Invalid },
                new() { Value = tally.Duplicates },
            },
        };
        if (refusals.Length > 0)
        {
            command.Parameters.Add(new() { Value = refusals.Select(g => g.Key).ToArray() });
            command.Parameters.Add(new() { Value = refusals.Select(g => g.Count()).ToArray() });
        }
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Locks the consent chain head; with the opposition list's version as committed when the lock was granted.</summary>
    internal static async Task<(ConsentChainHead Head, int OppositionVersion)> LockHeadAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            "select position, hash, (select version from opposition_list_head where id = 1) from consent_chain_heads where id = 1 for update", connection);
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct))
            throw new InvalidOperationException("The consent chain head is missing.");
        return (new ConsentChainHead { Position = reader.GetInt64(0), Hash = reader.GetString(1) }, reader.GetInt32(2));
    }

    internal static async Task SetOppositionVersionAsync(NpgsqlConnection connection, Guid[] ids, int version, CancellationToken ct)
    {
        if (ids.Length == 0)
            return;
        await using var command = new NpgsqlCommand("update leads set opposition_version = $2 where id = any($1)", connection)
        {
            Parameters = { new() { Value = ids }, new() { Value = version } },
        };
        await command.ExecuteNonQueryAsync(ct);
    }

    internal static async Task MoveHeadAsync(NpgsqlConnection connection, ConsentChainHead head, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("update consent_chain_heads set position = $1, hash = $2 where id = 1", connection)
        {
            Parameters = { new() { Value = head.Position }, new() { Value = head.Hash } },
        };
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>
    /// (product, "phone"|"email", value) → earliest creation within the window, for the batch's phones and e-mails, not
    /// counting the batch's own leads (<paramref name="own"/>, when already copied in this transaction); and, read in the
    /// same snapshot, the consent chain head's position: whatever was committed after that snapshot has a higher one.
    /// </summary>
    internal static async Task<(Dictionary<(string, string, string), DateTimeOffset> Found, long HeadPosition)> EarlierLeadsAsync(
        NpgsqlConnection connection, List<ValidLead> leads, DateTimeOffset since, IReadOnlySet<Guid> own, CancellationToken ct)
    {
        var found = new Dictionary<(string, string, string), DateTimeOffset>();
        // LATERAL probes keep this an index lookup per row whatever the table's size (a join on unnest may turn into a scan).
        // Two per value: the batch holds at most one lead per product and value, so one of two is another lead if any is.
        const string sql = """
            select 'head', null::text, null::text, null::uuid, null::timestamptz, position from consent_chain_heads where id = 1
            union all
            select 'phone', c.product_code, c.value, f.id, f.created_at, null
              from unnest($1::text[], $2::text[]) as c(product_code, value)
              cross join lateral (select l.id, l.created_at from leads l where l.product_code = c.product_code and l.phone = c.value and l.created_at > $4
                                  order by l.created_at limit 2) f
            union all
            select 'email', c.product_code, c.value, f.id, f.created_at, null
              from unnest($1::text[], $3::text[]) as c(product_code, value)
              cross join lateral (select l.id, l.created_at from leads l where l.product_code = c.product_code and l.email = c.value and l.created_at > $4
                                  order by l.created_at limit 2) f
            """;
        await using var command = new NpgsqlCommand(sql, connection)
        {
            Parameters =
            {
                new() { Value = leads.Select(l => l.Product.Code).ToArray() },
                new() { Value = leads.Select(l => l.Contact.Phone).ToArray() },
                new() { Value = leads.Select(l => l.Contact.Email).ToArray() },
                new() { Value = since, NpgsqlDbType = NpgsqlDbType.TimestampTz },
            },
        };
        long head = 0;
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            if (!reader.IsDBNull(5))
            {
                head = reader.GetInt64(5);
                continue;
            }
            if (own.Contains(reader.GetGuid(3)))
                continue;
            var key = (reader.GetString(1), reader.GetString(0), reader.GetString(2));
            var at = reader.GetFieldValue<DateTimeOffset>(4);
            if (!found.TryGetValue(key, out var known) || at < known)
                found[key] = at;
        }
        return (found, head);
    }

    /// <summary>The leads whose consent took a chain position in (<paramref name="after"/>, <paramref name="upTo"/>], in chain order.</summary>
    internal static async Task<List<CommittedLead>> CommittedBetweenAsync(NpgsqlConnection connection, long after, long upTo, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("""
            select l.product_code, l.phone, l.email, l.created_at
              from consent_records c join leads l on l.id = c.lead_id
             where c.chain_position > $1 and c.chain_position <= $2
             order by c.chain_position
            """, connection)
        {
            Parameters = { new() { Value = after }, new() { Value = upTo } },
        };
        var leads = new List<CommittedLead>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            leads.Add(new CommittedLead(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetFieldValue<DateTimeOffset>(3)));
        return leads;
    }

    /// <summary>Removes leads this transaction copied and then found duplicate (nobody else has seen them).</summary>
    internal static async Task DeleteLeadsAsync(NpgsqlConnection connection, List<Guid> ids, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("delete from leads where id = any($1)", connection) { Parameters = { new() { Value = ids.ToArray() } } };
        await command.ExecuteNonQueryAsync(ct);
    }

    internal static async Task CopyLeadsAsync(NpgsqlConnection connection, List<Lead> leads, CancellationToken ct)
    {
        await using var writer = await connection.BeginBinaryImportAsync("""
            copy leads (id, product_code, provider_id, first_name, last_name, phone, email, zip_code, city, departement, attributes,
                        status, price, price_floor, price_step, price_step_interval, max_buyers, sold_count, held_count, created_at, updated_at,
                        consent_captured_at, schema_version, identity_salt, opposition_version, partner_keys) from stdin (format binary)
            """, ct);
        foreach (var l in leads)
        {
            await writer.StartRowAsync(ct);
            await writer.WriteAsync(l.Id, NpgsqlDbType.Uuid, ct);
            await writer.WriteAsync(l.ProductCode, NpgsqlDbType.Varchar, ct);
            await writer.WriteAsync(l.ProviderId, NpgsqlDbType.Uuid, ct);
            await writer.WriteAsync(l.FirstName, NpgsqlDbType.Varchar, ct);
            await writer.WriteAsync(l.LastName, NpgsqlDbType.Varchar, ct);
            await writer.WriteAsync(l.Phone, NpgsqlDbType.Varchar, ct);
            await writer.WriteAsync(l.Email, NpgsqlDbType.Varchar, ct);
            await writer.WriteAsync(l.ZipCode, NpgsqlDbType.Char, ct);
            await writer.WriteAsync(l.City, NpgsqlDbType.Varchar, ct);
            await writer.WriteAsync(l.Departement, NpgsqlDbType.Varchar, ct);
            await writer.WriteAsync(l.Attributes, NpgsqlDbType.Jsonb, ct);
            await writer.WriteAsync(l.Status.ToString(), NpgsqlDbType.Varchar, ct);
            await writer.WriteAsync(l.Price, NpgsqlDbType.Numeric, ct);
            await writer.WriteAsync(l.PriceFloor, NpgsqlDbType.Numeric, ct);
            await writer.WriteAsync(l.PriceStep, NpgsqlDbType.Numeric, ct);
            await writer.WriteAsync(l.PriceStepInterval, NpgsqlDbType.Interval, ct);
            await writer.WriteAsync(l.MaxBuyers, NpgsqlDbType.Integer, ct);
            await writer.WriteAsync(l.SoldCount, NpgsqlDbType.Integer, ct);
            await writer.WriteAsync(l.HeldCount, NpgsqlDbType.Integer, ct);
            await writer.WriteAsync(l.CreatedAt, NpgsqlDbType.TimestampTz, ct);
            await writer.WriteAsync(l.UpdatedAt, NpgsqlDbType.TimestampTz, ct);
            await writer.WriteAsync(l.ConsentCapturedAt, NpgsqlDbType.TimestampTz, ct);
            await writer.WriteAsync(l.SchemaVersion, NpgsqlDbType.Integer, ct);
            await writer.WriteAsync(l.IdentitySalt, NpgsqlDbType.Bytea, ct);
            await writer.WriteAsync(l.OppositionVersion, NpgsqlDbType.Integer, ct);
            await writer.WriteAsync(l.PartnerKeys, NpgsqlDbType.Array | NpgsqlDbType.Text, ct);
        }
        await writer.CompleteAsync(ct);
    }

    /// <summary>
    /// The collection pages' HTML, once per content (providers send the same page with many leads): a batch without
    /// snapshots costs nothing, and a page sent again costs a primary-key probe.
    /// </summary>
    internal static async Task SaveSnapshotsAsync(NpgsqlConnection connection, IEnumerable<string?> pages, DateTimeOffset now, CancellationToken ct)
    {
        var snapshots = new Dictionary<string, ConsentPageSnapshot>();
        foreach (var html in pages)
            if (html is not null && new ConsentPageSnapshot(html, now) is var s)
                snapshots.TryAdd(s.Sha256, s);
        if (snapshots.Count == 0)
            return;
        await using var command = new NpgsqlCommand("""
            insert into consent_page_snapshots (sha256, html, size_bytes, first_seen_at)
            select u.sha256, u.html, u.size_bytes, $4 from unnest($1::text[], $2::text[], $3::int[]) u(sha256, html, size_bytes)
            on conflict (sha256) do nothing
            """, connection)
        {
            Parameters =
            {
                new() { Value = snapshots.Keys.ToArray() },
                new() { Value = snapshots.Values.Select(s => s.Html).ToArray() },
                new() { Value = snapshots.Values.Select(s => s.SizeBytes).ToArray() },
                new() { Value = now, NpgsqlDbType = NpgsqlDbType.TimestampTz },
            },
        };
        await command.ExecuteNonQueryAsync(ct);
    }

    internal static async Task CopyConsentsAsync(NpgsqlConnection connection, IReadOnlyList<ConsentRecord> records, CancellationToken ct)
    {
        await using var writer = await connection.BeginBinaryImportAsync("""
            copy consent_records (lead_id, provider_id, text, text_version, partners, captured_at, ip_address, user_agent, source_url,
                                  chain_position, previous_hash, proof_hash, recorded_at, format_version, identity_digest,
                                  checkbox_unchecked_by_default, page_snapshot_sha256, partner_list) from stdin (format binary)
            """, ct);
        foreach (var r in records)
        {
            await writer.StartRowAsync(ct);
            await writer.WriteAsync(r.LeadId, NpgsqlDbType.Uuid, ct);
            await writer.WriteAsync(r.ProviderId, NpgsqlDbType.Uuid, ct);
            await writer.WriteAsync(r.Text, NpgsqlDbType.Text, ct);
            await writer.WriteAsync(r.TextVersion, NpgsqlDbType.Varchar, ct);
            await writer.WriteAsync(r.Partners.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text, ct);
            await writer.WriteAsync(r.CapturedAt, NpgsqlDbType.TimestampTz, ct);
            await writer.WriteAsync(r.IpAddress, NpgsqlDbType.Varchar, ct);
            await writer.WriteAsync(r.UserAgent, NpgsqlDbType.Varchar, ct);
            await writer.WriteAsync(r.SourceUrl, NpgsqlDbType.Varchar, ct);
            await writer.WriteAsync(r.ChainPosition, NpgsqlDbType.Bigint, ct);
            await writer.WriteAsync(r.PreviousHash, NpgsqlDbType.Char, ct);
            await writer.WriteAsync(r.ProofHash, NpgsqlDbType.Char, ct);
            await writer.WriteAsync(r.RecordedAt, NpgsqlDbType.TimestampTz, ct);
            await writer.WriteAsync(r.FormatVersion, NpgsqlDbType.Integer, ct);
            await writer.WriteAsync(r.IdentityDigest, NpgsqlDbType.Char, ct);
            if (r.CheckboxUncheckedByDefault is { } untickedByDefault)
                await writer.WriteAsync(untickedByDefault, NpgsqlDbType.Boolean, ct);
            else
                await writer.WriteNullAsync(ct);
            await writer.WriteAsync(r.PageSnapshotSha256, NpgsqlDbType.Char, ct);
            await writer.WriteAsync(r.PartnerList, NpgsqlDbType.Varchar, ct);
        }
        await writer.CompleteAsync(ct);
    }
}
