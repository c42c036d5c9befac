using System.Runtime.CompilerServices;
using LeadsAssurance.Domain.Data;
using Npgsql;
using NpgsqlTypes;

namespace LeadsAssurance.Domain.Audit;

/// <summary>A line of the access trail as the admin reads it.</summary>
public sealed record RevealItem(long Id, DateTimeOffset At, Guid ActorId, string? ActorEmail, Guid? BrokerId, string? BrokerCompany,
    RevealChannel Channel, IReadOnlyList<Guid> LeadIds, string? Detail);

/// <summary>Which lines: a broker's (his purchases, whoever looked), a lead's (every path its contact took), or all.</summary>
public sealed record RevealFilter(Guid? BrokerId = null, Guid? LeadId = null);

/// <summary>
/// The access trail of contacts (<see cref="ContactReveal"/>): every path that shows a bought contact records here
/// before it shows it, so a failure to record shows nothing. Written with one statement per reveal whatever the number
/// of leads (their ids in an array); read by broker or by lead (GIN index on the array).
/// </summary>
public sealed class ContactAccessTrail(DatabaseConnections connections, TimeProvider time)
{
    /// <summary>Records that <paramref name="actorId"/> was shown these leads' contacts. Nothing for no lead.</summary>
    public async Task RecordAsync(Guid actorId, Guid? brokerId, RevealChannel channel, IReadOnlyCollection<Guid> leadIds,
        string? detail = null, CancellationToken ct = default)
    {
        if (leadIds.Count == 0)
            return;
        await using var command = connections.Main.CreateCommand("""
            insert into contact_reveals (at, actor_id, broker_id, channel, lead_ids, detail) values ($1, $2, $3, $4, $5, $6)
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = time.GetUtcNow(), NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter { Value = actorId });
        command.Parameters.Add(Nullable(brokerId, NpgsqlDbType.Uuid));
        command.Parameters.Add(new NpgsqlParameter { Value = channel.ToString() });
        command.Parameters.Add(new NpgsqlParameter { Value = leadIds.Distinct().ToArray() });
        command.Parameters.Add(Nullable(Truncate(detail), NpgsqlDbType.Varchar));
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>
    /// Records the reveal of every lead <paramref name="brokerId"/> bought in [<paramref name="from"/>, <paramref name="before"/>)
    /// and no later than the returned instant, in one statement: the caller then shows exactly those (purchases up to
    /// that instant), so an export streamed afterwards never shows a contact the trail does not hold.
    /// </summary>
    public async Task<DateTimeOffset> RecordPurchasesAsync(Guid actorId, Guid brokerId, RevealChannel channel, DateTimeOffset? from = null,
        DateTimeOffset? before = null, string? detail = null, CancellationToken ct = default)
    {
        var asOf = time.GetUtcNow();
        await using var command = connections.Main.CreateCommand("""
            insert into contact_reveals (at, actor_id, broker_id, channel, lead_ids, detail)
            select $1, $2, $3, $4, array_agg(p.lead_id order by p.purchased_at), $7
              from purchases p
             where p.broker_id = $3 and p.purchased_at <= $1 and ($5::timestamptz is null or p.purchased_at >= $5)
               and ($6::timestamptz is null or p.purchased_at < $6)
            having count(*) > 0
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = asOf, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter { Value = actorId });
        command.Parameters.Add(new NpgsqlParameter { Value = brokerId });
        command.Parameters.Add(new NpgsqlParameter { Value = channel.ToString() });
        command.Parameters.Add(Nullable(from, NpgsqlDbType.TimestampTz));
        command.Parameters.Add(Nullable(before, NpgsqlDbType.TimestampTz));
        command.Parameters.Add(Nullable(Truncate(detail), NpgsqlDbType.Varchar));
        await command.ExecuteNonQueryAsync(ct);
        return asOf;
    }

    /// <summary>The trail's lines, newest first, a page at a time, and how many there are.</summary>
    public async Task<(IReadOnlyList<RevealItem> Items, int Total)> PageAsync(RevealFilter filter, int page, int pageSize, CancellationToken ct = default)
    {
        var items = new List<RevealItem>();
        await foreach (var item in ReadAsync(filter, pageSize, (Math.Max(page, 1) - 1) * pageSize, ct))
            items.Add(item);
        await using var count = connections.Main.CreateCommand($"select count(*)::int from contact_reveals r where {Where}");
        AddFilter(count, filter);
        return (items, (int)(await count.ExecuteScalarAsync(ct))!);
    }

    /// <summary>The trail's lines as CSV for Excel (one line per reveal and lead), streamed.</summary>
    public async Task WriteCsvAsync(RevealFilter filter, Stream output, CancellationToken ct = default)
    {
        await using var writer = new StreamWriter(output, Documents.SpreadsheetCsv.Utf8WithBom, 64 * 1024, leaveOpen: true);
        await writer.WriteLineAsync(Documents.SpreadsheetCsv.Row(["Date (Paris)", "Compte", "Compte (id)", "Courtier", "Courtier (id)", "Canal", "Lead", "Détail", "Entrée"]));
        await foreach (var r in ReadAsync(filter, null, 0, ct))
            foreach (var lead in filter.LeadId is { } only ? [only] : r.LeadIds)
                await writer.WriteLineAsync(Documents.SpreadsheetCsv.Row([
                    France.ToParis(r.At).ToString("dd/MM/yyyy HH:mm:ss", France.Culture), r.ActorEmail ?? "", r.ActorId.ToString(),
                    r.BrokerCompany ?? "", r.BrokerId?.ToString() ?? "", Label(r.Channel), lead.ToString(), r.Detail ?? "",
                    r.Id.ToString(France.Culture),
                ]));
    }

    /// <summary>How the admin reads a channel.</summary>
    public static string Label(RevealChannel channel) => channel switch
    {
        RevealChannel.Purchase => "Achat",
        RevealChannel.FlowDelivery => "Livraison par flux",
        RevealChannel.PurchasesPage => "Page Mes achats",
        RevealChannel.PurchasesApi => "API (achats)",
        RevealChannel.CsvExport => "Export CSV",
        RevealChannel.Certificate => "Certificat PDF",
        RevealChannel.CertificateZip => "Certificats (ZIP)",
        _ => channel.ToString(),
    };

    private const string Where = "($1::uuid is null or r.broker_id = $1) and ($2::uuid is null or r.lead_ids @> array[$2::uuid])";

    private async IAsyncEnumerable<RevealItem> ReadAsync(RevealFilter filter, int? limit, int offset, [EnumeratorCancellation] CancellationToken ct)
    {
        await using var command = connections.Main.CreateCommand($"""
            select r.id, r.at, r.actor_id, a.email, r.broker_id, b.company_name, r.channel, r.lead_ids, r.detail
              from contact_reveals r
              left join "AspNetUsers" a on a.id = r.actor_id
              left join "AspNetUsers" b on b.id = r.broker_id
             where {Where}
             order by r.id desc
            {(limit is null ? "" : $"limit {limit.Value} offset {offset}")}
            """);
        AddFilter(command, filter);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            yield return new RevealItem(reader.GetInt64(0), reader.GetFieldValue<DateTimeOffset>(1), reader.GetGuid(2),
                reader.IsDBNull(3) ? null : reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetGuid(4),
                reader.IsDBNull(5) ? null : reader.GetString(5), Enum.Parse<RevealChannel>(reader.GetString(6)),
                reader.GetFieldValue<Guid[]>(7), reader.IsDBNull(8) ? null : reader.GetString(8));
    }

    private static void AddFilter(NpgsqlCommand command, RevealFilter filter)
    {
        command.Parameters.Add(Nullable(filter.BrokerId, NpgsqlDbType.Uuid));
        command.Parameters.Add(Nullable(filter.LeadId, NpgsqlDbType.Uuid));
    }

    private static NpgsqlParameter Nullable(object? value, NpgsqlDbType type) => new() { Value = value ?? DBNull.Value, NpgsqlDbType = type };

    private static string? Truncate(string? detail) => detail is { Length: > ContactReveal.MaxDetail } ? detail[..ContactReveal.MaxDetail] : detail;
}
