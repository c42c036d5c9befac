using System.Diagnostics;
using LeadsAssurance.Domain.Leads;
using Npgsql;

namespace LeadsAssurance.Domain.Consent;

/// <summary>What the public verification shows: no personal data.</summary>
public sealed record ConsentVerification(
    bool Valid, string ProofHash, DateTimeOffset CapturedAt, string ProductCode, string ProductLabel, string Provider,
    string TextVersion, long ChainPosition, DateTimeOffset RecordedAt, string? Problem);

/// <summary>The whole chain recomputed: where it first breaks, if it does.</summary>
public sealed record ChainReport(
    long Records, bool Valid, long? FirstBrokenPosition, string? Problem, string HeadHash, DateTimeOffset CheckedAt, TimeSpan Duration);

/// <summary>
/// Recomputes proof hashes from what is stored (the consent row and the lead's identity fields) and checks every link.
/// Any change to a stored field after the fact, or a record removed or inserted, shows as a broken link.
/// </summary>
public sealed class ConsentVerifier(NpgsqlDataSource dataSource, TimeProvider time)
{
    private const string Select = """
        select c.lead_id, c.provider_id, l.product_code, l.first_name, l.last_name, l.phone, l.email, l.zip_code, l.city,
               c.text, c.text_version, c.partners, c.captured_at, c.ip_address, c.user_agent, c.source_url,
               c.chain_position, c.previous_hash, c.proof_hash, c.recorded_at
          from consent_records c join leads l on l.id = c.lead_id
        """;

    /// <summary>One record by its proof hash: recomputed and linked to its predecessor. Null when the hash is unknown.</summary>
    public async Task<ConsentVerification?> VerifyAsync(string proofHash, CancellationToken ct = default)
    {
        var hash = proofHash.Trim().ToLowerInvariant();
        if (hash.Length != 64 || !hash.All(Uri.IsHexDigit))
            return null;
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        Stored? record;
        await using (var command = new NpgsqlCommand(Select + " where c.proof_hash = $1", connection) { Parameters = { new() { Value = hash } } })
        await using (var reader = await command.ExecuteReaderAsync(ct))
            record = await reader.ReadAsync(ct) ? Read(reader) : null;
        if (record is null)
            return null;

        string? expectedPrevious = ConsentChainHead.GenesisHash;
        if (record.Position > 1)
        {
            await using var previous = new NpgsqlCommand("select proof_hash from consent_records where chain_position = $1", connection)
            {
                Parameters = { new() { Value = record.Position - 1 } },
            };
            expectedPrevious = await previous.ExecuteScalarAsync(ct) as string;
        }
        var problem = Check(record, expectedPrevious);
        var (label, provider) = await NamesAsync(connection, record, ct);
        return new ConsentVerification(problem is null, record.ProofHash, record.Capture.CapturedAt, record.ProductCode, label, provider,
            record.Capture.TextVersion, record.Position, record.RecordedAt, problem);
    }

    /// <summary>Streams the chain in order and recomputes every record.</summary>
    public async Task<ChainReport> VerifyChainAsync(CancellationToken ct = default)
    {
        var clock = Stopwatch.StartNew();
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, ct);
        var previous = ConsentChainHead.GenesisHash;
        long count = 0, expectedPosition = 1;
        long? broken = null;
        string? problem = null;
        await using (var command = new NpgsqlCommand(Select + " order by c.chain_position", connection, tx))
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                var record = Read(reader);
                count++;
                var issue = record.Position != expectedPosition
                    ? $"Position {expectedPosition} manquante (trouvé {record.Position})."
                    : Check(record, previous);
                if (issue is not null && broken is null)
                {
                    broken = expectedPosition;
                    problem = issue;
                }
                previous = record.ProofHash;
                expectedPosition = record.Position + 1;
            }
        }
        await using (var head = new NpgsqlCommand("select position, hash from consent_chain_heads where id = 1", connection, tx))
        await using (var reader = await head.ExecuteReaderAsync(ct))
        {
            await reader.ReadAsync(ct);
            if (broken is null && (reader.GetInt64(0) != expectedPosition - 1 || reader.GetString(1) != previous))
            {
                broken = expectedPosition;
                problem = "La tête de chaîne ne correspond pas au dernier enregistrement.";
            }
        }
        return new ChainReport(count, broken is null, broken, problem, previous, time.GetUtcNow(), clock.Elapsed);
    }

    private static string? Check(Stored record, string? expectedPrevious)
    {
        if (expectedPrevious is null)
            return $"L'enregistrement précédent (position {record.Position - 1}) est introuvable.";
        if (record.PreviousHash != expectedPrevious)
            return $"Le lien vers l'enregistrement précédent est rompu à la position {record.Position}.";
        var input = ConsentChain.HashInput(record.LeadId, record.ProviderId, record.ProductCode, record.Contact, record.Capture,
            record.Position, record.PreviousHash);
        return ConsentHasher.ComputeHash(input) == record.ProofHash
            ? null
            : $"Les données de l'enregistrement à la position {record.Position} ne correspondent plus à son empreinte.";
    }

    private static async Task<(string Label, string Provider)> NamesAsync(NpgsqlConnection connection, Stored record, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            """select (select label from products where code = $1), (select company_name from "AspNetUsers" where id = $2)""", connection)
        {
            Parameters = { new() { Value = record.ProductCode }, new() { Value = record.ProviderId } },
        };
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return (reader.IsDBNull(0) ? record.ProductCode : reader.GetString(0), reader.IsDBNull(1) ? "" : reader.GetString(1));
    }

    private static Stored Read(NpgsqlDataReader r) => new(
        r.GetGuid(0), r.GetGuid(1), r.GetString(2),
        new LeadContact(r.GetString(3), r.GetString(4), r.GetString(5), r.GetString(6), r.GetString(7), r.GetString(8)),
        new ConsentCapture(r.GetString(9), r.GetString(10), r.GetFieldValue<DateTimeOffset>(12), r.GetString(13), r.GetString(14),
            r.GetString(15), r.GetFieldValue<string[]>(11)),
        r.GetInt64(16), r.GetString(17), r.GetString(18), r.GetFieldValue<DateTimeOffset>(19));

    private sealed record Stored(
        Guid LeadId, Guid ProviderId, string ProductCode, LeadContact Contact, ConsentCapture Capture, long Position,
        string PreviousHash, string ProofHash, DateTimeOffset RecordedAt);
}
