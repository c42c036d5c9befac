using LeadsAssurance.Domain.Leads;
using LeadsAssurance.Domain.Market;
using Npgsql;
using NpgsqlTypes;

namespace LeadsAssurance.Domain.Privacy.Opposition;

/// <summary>The opposition list's statements, shared by its additions, the withdrawal sweep and erasure.</summary>
internal static class OppositionSql
{
    /// <summary>Starts an addition in <paramref name="tx"/>: its row, without a version yet. Returns its id.</summary>
    internal static async Task<int> BeginAsync(NpgsqlConnection connection, NpgsqlTransaction tx, string source, string description,
        Guid? actorId, DateTimeOffset now, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("""
            insert into opposition_list_versions (source, description, actor_id, started_at, read, added, invalid, withdrawn)
            values ($1, $2, $3, $4, 0, 0, 0, 0) returning id
            """, connection, tx)
        {
            Parameters =
            {
                new() { Value = source },
                new() { Value = description.Length > 300 ? description[..300] : description },
                new() { Value = (object?)actorId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid },
                new() { Value = now, NpgsqlDbType = NpgsqlDbType.TimestampTz },
            },
        };
        return (int)(await command.ExecuteScalarAsync(ct))!;
    }

    /// <summary>Adds digests (each once; those already listed are skipped). Returns how many were new.</summary>
    internal static async Task<int> InsertAsync(NpgsqlConnection connection, NpgsqlTransaction tx, int listId, byte[][] digests, short[] kinds,
        DateTimeOffset now, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("""
            insert into opposition_entries (digest, kind, list_id, added_at)
            select distinct on (d.digest) d.digest, d.kind, $3, $4 from unnest($1::bytea[], $2::smallint[]) d(digest, kind)
            on conflict (digest) do nothing
            """, connection, tx)
        {
            Parameters =
            {
                new() { Value = digests, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea },
                new() { Value = kinds, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Smallint },
                new() { Value = listId },
                new() { Value = now, NpgsqlDbType = NpgsqlDbType.TimestampTz },
            },
        };
        return await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>
    /// Ends an addition: the list's next version, taken from its head row (whose lock orders concurrent additions by
    /// commit), and the addition's counts. Returns the version.
    /// </summary>
    internal static async Task<int> CompleteAsync(NpgsqlConnection connection, NpgsqlTransaction tx, int listId, int read, int added, int invalid,
        DateTimeOffset now, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("""
            with head as (update opposition_list_head set version = version + 1, updated_at = $5 where id = 1 returning version)
            update opposition_list_versions v set version = head.version, read = $2, added = $3, invalid = $4, completed_at = $5
              from head where v.id = $1
            returning v.version
            """, connection, tx)
        {
            Parameters =
            {
                new() { Value = listId }, new() { Value = read }, new() { Value = added }, new() { Value = invalid },
                new() { Value = now, NpgsqlDbType = NpgsqlDbType.TimestampTz },
            },
        };
        return (int)(await command.ExecuteScalarAsync(ct))!;
    }

    /// <summary>
    /// Of <paramref name="digests"/>, the 0-based positions of those on the list; with the list's version read in the same
    /// snapshot.
    /// </summary>
    internal static async Task<(HashSet<int> Listed, int Version)> ProbeAsync(NpgsqlConnection connection, NpgsqlTransaction? tx, byte[][] digests,
        CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("""
            select -1, version from opposition_list_head where id = 1
            union all
            select (d.i - 1)::int, null from unnest($1::bytea[]) with ordinality d(digest, i)
             where exists (select 1 from opposition_entries e where e.digest = d.digest)
            """, connection, tx)
        {
            Parameters = { new() { Value = digests, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea } },
        };
        var listed = new HashSet<int>();
        var version = 0;
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var index = reader.GetInt32(0);
            if (index < 0)
                version = reader.GetInt32(1);
            else
                listed.Add(index);
        }
        return (listed, version);
    }

    /// <summary>Up to <paramref name="limit"/> leads still on sale holding an identity, after <paramref name="after"/> in id order.</summary>
    internal static async Task<List<(Guid Id, string Phone, string Email)>> OnSaleAfterAsync(NpgsqlConnection connection, Guid after, int limit,
        CancellationToken ct)
    {
        await using var command = new NpgsqlCommand($"""
            select id, phone, email from leads
             where id > $1 and status in ('{LeadStatus.Stock}', '{LeadStatus.Reserved}') and erased_at is null
             order by id limit $2
            """, connection)
        {
            Parameters = { new() { Value = after }, new() { Value = limit } },
        };
        var leads = new List<(Guid, string, string)>(limit);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            leads.Add((reader.GetGuid(0), reader.GetString(1), reader.GetString(2)));
        return leads;
    }

    /// <summary>
    /// Takes the leads off the market for good (status <see cref="LeadStatus.Opposed"/>) and closes their holds; a lead
    /// sold out meanwhile stays sold. Returns the leads withdrawn.
    /// </summary>
    internal static async Task<List<Guid>> WithdrawAsync(NpgsqlConnection connection, NpgsqlTransaction tx, Guid[] ids, DateTimeOffset now, CancellationToken ct)
    {
        await using var batch = new NpgsqlBatch(connection, tx)
        {
            BatchCommands =
            {
                new($"""
                    update reservations set status = '{ReservationStatus.Cancelled}', closed_at = $2
                     where lead_id = any($1) and status = '{ReservationStatus.Active}'
                       and lead_id in (select id from leads where id = any($1) and status in ('{LeadStatus.Stock}', '{LeadStatus.Reserved}'))
                    """),
                new($"""
                    update leads set status = '{LeadStatus.Opposed}', held_count = 0, updated_at = $2
                     where id = any($1) and status in ('{LeadStatus.Stock}', '{LeadStatus.Reserved}')
                    returning id
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
            withdrawn.Add(reader.GetGuid(0));
        return withdrawn;
    }
}
