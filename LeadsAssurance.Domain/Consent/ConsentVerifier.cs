using System.Diagnostics;
using Npgsql;

namespace LeadsAssurance.Domain.Consent;

/// <summary>
/// What the public verification shows: no personal data. <paramref name="IdentityErasedAt"/>: when the person's identity
/// was erased; <paramref name="VerifiedBeforeErasureAt"/>: for a version-1 record, when its hash was last recomputed from
/// the identity in clear, just before. Version 3: the checkbox fact and the page snapshot's SHA-256 (the page itself is
/// not public).
/// </summary>
public sealed record ConsentVerification(
    bool Valid, string ProofHash, DateTimeOffset CapturedAt, string ProductCode, string ProductLabel, string Provider,
    string TextVersion, long ChainPosition, DateTimeOffset RecordedAt, string? Problem, int FormatVersion = ConsentHasher.FormatVersion,
    DateTimeOffset? IdentityErasedAt = null, DateTimeOffset? VerifiedBeforeErasureAt = null,
    bool? CheckboxUncheckedByDefault = null, string? PageSnapshotSha256 = null, string? PartnerList = null);

/// <summary>The whole chain recomputed: where it first breaks, if it does.</summary>
public sealed record ChainReport(
    long Records, bool Valid, long? FirstBrokenPosition, string? Problem, string HeadHash, DateTimeOffset CheckedAt, TimeSpan Duration);

/// <summary>
/// Recomputes proof hashes from what is stored (the consent row and the lead's identity fields, or their digest) and
/// checks every link. Any change to a stored field after the fact, or a record removed or inserted, shows as a broken
/// link. An erased identity is read as <see cref="StoredConsent.Check"/> says, by the record's version.
/// </summary>
public sealed class ConsentVerifier(NpgsqlDataSource dataSource, TimeProvider time)
{
    /// <summary>One record by its proof hash: recomputed and linked to its predecessor. Null when the hash is unknown.</summary>
    public async Task<ConsentVerification?> VerifyAsync(string proofHash, CancellationToken ct = default)
    {
        var hash = proofHash.Trim().ToLowerInvariant();
        if (hash.Length != 64 || !hash.All(Uri.IsHexDigit))
            return null;
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        StoredConsent? record;
        await using (var command = new NpgsqlCommand(StoredConsent.Select + " where c.proof_hash = $1", connection) { Parameters = { new() { Value = hash } } })
        await using (var reader = await command.ExecuteReaderAsync(ct))
            record = await reader.ReadAsync(ct) ? StoredConsent.Read(reader) : null;
        if (record is null)
            return null;

        var problem = record.Check(await PreviousHashAsync(connection, null, record.Position, ct));
        var (label, provider) = await NamesAsync(connection, record, ct);
        return new ConsentVerification(problem is null, record.ProofHash, record.Capture.CapturedAt, record.ProductCode, label, provider,
            record.Capture.TextVersion, record.Position, record.RecordedAt, problem, record.FormatVersion, record.ErasedAt,
            record.VerifiedBeforeErasureAt, record.Capture.CheckboxUncheckedByDefault, record.Capture.PageSnapshotSha256, record.Capture.PartnerList);
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
        await using (var command = new NpgsqlCommand(StoredConsent.Select + " order by c.chain_position", connection, tx))
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                var record = StoredConsent.Read(reader);
                count++;
                var issue = record.Position != expectedPosition
                    ? $"Position {expectedPosition} manquante (trouvé {record.Position})."
                    : record.Check(previous);
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

    /// <summary>The proof hash a record at <paramref name="position"/> must link to; null when that record is missing.</summary>
    internal static async Task<string?> PreviousHashAsync(NpgsqlConnection connection, NpgsqlTransaction? tx, long position, CancellationToken ct)
    {
        if (position <= 1)
            return ConsentChainHead.GenesisHash;
        await using var previous = new NpgsqlCommand("select proof_hash from consent_records where chain_position = $1", connection, tx)
        {
            Parameters = { new() { Value = position - 1 } },
        };
        return await previous.ExecuteScalarAsync(ct) as string;
    }

    private static async Task<(string Label, string Provider)> NamesAsync(NpgsqlConnection connection, StoredConsent record, CancellationToken ct)
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
}
