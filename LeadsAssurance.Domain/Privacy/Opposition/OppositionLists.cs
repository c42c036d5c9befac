using System.Text;
using LeadsAssurance.Domain.Audit;
using LeadsAssurance.Domain.Data;
using LeadsAssurance.Domain.Market;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;

namespace LeadsAssurance.Domain.Privacy.Opposition;

/// <summary>How far an upload has gone: bytes of the file read, contacts read, and those that were malformed.</summary>
public sealed record OppositionProgress(long BytesRead, long? TotalBytes, int Read, int Invalid);

/// <summary>The list as the admin page shows it: its version, its size by kind, and the latest additions.</summary>
public sealed record OppositionSummary(int Version, long Phones, long Emails, IReadOnlyList<OppositionListVersion> Recent);

/// <summary>What an addition did.</summary>
public sealed record OppositionResult(int Version, int Read, int Added, int Invalid, int Withdrawn, IReadOnlyList<string> InvalidSamples);

/// <summary>
/// The opposition list (Bloctel and any other): contacts who refuse prospecting, kept as keyed digests
/// (<see cref="ContactDigests"/>). An addition (a file, entries typed by the admin, an erasure) is one transaction and one
/// list version; then the leads still on sale whose phone or e-mail is listed leave the market
/// (<see cref="WithdrawListedAsync"/>). Ingestion refuses listed contacts and records the version it checked
/// (<see cref="Ingestion.LeadIngestion"/>).
/// </summary>
public sealed class OppositionLists(DatabaseConnections connections, IDbContextFactory<AppDbContext> dbFactory, ContactDigests digests, MarketEventBus events, TimeProvider time,
    ILogger<OppositionLists> logger)
{
    /// <summary>Digests sent to PostgreSQL per statement while a file is read: the memory an upload holds, whatever its size.</summary>
    internal const int Chunk = 10_000;
    private const int SampleSize = 5;
    /// <summary>Contacts one manual or API addition may carry; larger lists come as a file.</summary>
    public const int MaxPerCall = 10_000;

    /// <summary>
    /// Reads an opposition file line by line and adds its contacts in one transaction (a file that fails half-way adds
    /// nothing), then withdraws the leads on sale it lists.
    /// </summary>
    /// <param name="totalBytes">The file's size when known (an upload's), for the progress.</param>
    public async Task<OppositionResult> ImportAsync(Stream file, string fileName, Guid? actorId, long? totalBytes = null,
        IProgress<OppositionProgress>? progress = null, CancellationToken ct = default)
    {
        var now = time.GetUtcNow();
        var total = totalBytes ?? (file.CanSeek ? file.Length : null);
        await using var connection = await connections.Main.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var listId = await OppositionSql.BeginAsync(connection, tx, OppositionSources.File, fileName, actorId, now, ct);
        var (read, added, invalid) = (0, 0, 0);
        var samples = new List<string>();
        var bytes = new CountingStream(file);
        using var reader = new StreamReader(bytes, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 64 * 1024, leaveOpen: true);
        var lines = new List<string>(Chunk);
        var parsed = new (OppositionFile.Cell Cell, byte[]? Digest)[]?[Chunk];
        // A chunk of lines is parsed and hashed on every core while PostgreSQL inserts the previous one.
        Task<int>? inserting = null;
        while (true)
        {
            lines.Clear();
            while (lines.Count < Chunk && await reader.ReadLineAsync(ct) is { } line)
                lines.Add(line);
            if (lines.Count == 0)
                break;
            Parallel.For(0, lines.Count, new ParallelOptions { CancellationToken = ct }, i =>
                parsed[i] = [.. OppositionFile.Read(lines[i]).Select(c => (c, c.Value is null ? null : digests.Of(c.Kind, c.Value)))]);
            var keys = new List<byte[]>(lines.Count);
            var kinds = new List<short>(lines.Count);
            for (var i = 0; i < lines.Count; i++)
                foreach (var (cell, digest) in parsed[i]!)
                {
                    if (digest is null)
                    {
                        invalid++;
                        if (samples.Count < SampleSize)
                            samples.Add(cell.Raw.Length > 60 ? cell.Raw[..60] : cell.Raw);
                        continue;
                    }
                    read++;
                    keys.Add(digest);
                    kinds.Add((short)cell.Kind);
                }
            if (inserting is not null)
                added += await inserting;
            progress?.Report(new OppositionProgress(bytes.Position, total, read, invalid));
            inserting = keys.Count == 0 ? null : OppositionSql.InsertAsync(connection, tx, listId, [.. keys], [.. kinds], now, ct);
        }
        if (inserting is not null)
            added += await inserting;
        var version = await OppositionSql.CompleteAsync(connection, tx, listId, read, added, invalid, now, ct);
        await AuditAsync(connection, tx, actorId, "opposition.added", $"opposition:v{version}", $"Fichier « {fileName} » : {read} contact(s) lu(s), {added} nouveau(x), {invalid} invalide(s).", now, ct);
        await tx.CommitAsync(ct);
        logger.LogInformation("Opposition list version {Version}: {Read} contacts read from {File}, {Added} new, {Invalid} invalid", version, read, fileName, added, invalid);
        progress?.Report(new OppositionProgress(total ?? bytes.Position, total, read, invalid));
        var withdrawn = await WithdrawListedAsync(listId, ct);
        return new OppositionResult(version, read, added, invalid, withdrawn, samples);
    }

    /// <summary>
    /// Adds phones and e-mails given one by one (the admin's form, <c>POST /api/v1/admin/suppressions</c>). Every value must
    /// be valid, or nothing is added (<see cref="ValidationFailedException"/> keyed "phones[i]" / "emails[i]").
    /// </summary>
    public async Task<OppositionResult> AddAsync(IReadOnlyList<string>? phones, IReadOnlyList<string>? emails, Guid? actorId, CancellationToken ct = default)
    {
        var entries = Validate(phones ?? [], emails ?? []);
        var now = time.GetUtcNow();
        await using var connection = await connections.Main.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var description = string.Join(", ", new[] { Count(phones?.Count ?? 0, "téléphone"), Count(emails?.Count ?? 0, "e-mail") }.Where(s => s.Length > 0));
        var (version, added) = await AddInTransactionAsync(connection, tx, entries, OppositionSources.Manual, description, actorId, now, ct);
        await AuditAsync(connection, tx, actorId, "opposition.added", $"opposition:v{version}", $"Ajout manuel : {description}, {added} nouveau(x).", now, ct);
        await tx.CommitAsync(ct);
        var withdrawn = await WithdrawListedAsync(null, ct);
        return new OppositionResult(version, entries.Count, added, 0, withdrawn, []);
    }

    /// <summary>Adds entries in the caller's transaction (an erasure's); the caller withdraws what must be.</summary>
    internal async Task<(int Version, int Added)> AddInTransactionAsync(NpgsqlConnection connection, NpgsqlTransaction tx,
        IReadOnlyList<(ContactKind Kind, string Value)> entries, string source, string description, Guid? actorId, DateTimeOffset now, CancellationToken ct)
    {
        var listId = await OppositionSql.BeginAsync(connection, tx, source, description, actorId, now, ct);
        var added = entries.Count == 0 ? 0 : await OppositionSql.InsertAsync(connection, tx, listId,
            [.. entries.Select(e => digests.Of(e.Kind, e.Value))], [.. entries.Select(e => (short)e.Kind)], now, ct);
        var version = await OppositionSql.CompleteAsync(connection, tx, listId, entries.Count, added, 0, now, ct);
        return (version, added);
    }

    public async Task<OppositionSummary> SummaryAsync(int recent = 20, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var version = await db.OppositionListHead.Select(h => h.Version).SingleAsync(ct);
        var counts = await db.OppositionEntries.GroupBy(e => e.Kind).Select(g => new { g.Key, Count = g.LongCount() }).ToListAsync(ct);
        var additions = await db.OppositionListVersions.AsNoTracking().Where(v => v.Version != null)
            .OrderByDescending(v => v.Version).Take(recent).ToListAsync(ct);
        return new OppositionSummary(version, counts.FirstOrDefault(c => c.Key == ContactKind.Phone)?.Count ?? 0,
            counts.FirstOrDefault(c => c.Key == ContactKind.Email)?.Count ?? 0, additions);
    }

    /// <summary>
    /// Takes a contact off the list (an entry added by mistake), with an audit line saying who and why. Leads withdrawn
    /// because of it stay withdrawn; the contact's next leads are accepted again. False when it was not listed.
    /// </summary>
    public async Task<bool> RemoveAsync(ContactKind kind, string value, Guid actorId, string reason, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(reason))
            throw new ValidationFailedException("reason", "Indiquez pourquoi ce contact est retiré de la liste d'opposition.");
        var now = time.GetUtcNow();
        await using var connection = await connections.Main.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await using var delete = new NpgsqlCommand("delete from opposition_entries where digest = $1", connection, tx)
        {
            Parameters = { new() { Value = digests.Of(kind, value), NpgsqlDbType = NpgsqlDbType.Bytea } },
        };
        if (await delete.ExecuteNonQueryAsync(ct) == 0)
            return false;
        await AuditAsync(connection, tx, actorId, "opposition.removed", "opposition",
            $"Un {(kind == ContactKind.Phone ? "téléphone" : "e-mail")} retiré de la liste d'opposition. Motif : {Truncate(reason.Trim(), 500)}", now, ct);
        await tx.CommitAsync(ct);
        return true;
    }

    private static string Truncate(string value, int length) => value.Length > length ? value[..length] : value;

    /// <summary>Whether a phone or e-mail is on the list (the admin's lookup): normalised as ingestion does.</summary>
    public async Task<bool> IsListedAsync(ContactKind kind, string value, CancellationToken ct = default)
    {
        await using var connection = await connections.Main.OpenConnectionAsync(ct);
        var (listed, _) = await OppositionSql.ProbeAsync(connection, null, [digests.Of(kind, value)], ct);
        return listed.Count > 0;
    }

    /// <summary>
    /// Withdraws every lead on sale whose phone or e-mail is listed. First waits for the ingestion batch that may hold
    /// the consent chain lock: a batch that locks after this addition committed sees the new version and checks again
    /// (<see cref="Ingestion.LeadIngestion.CommitAsync"/>), and one that locked before has committed when the scan starts,
    /// so no lead slips between the two. The scan goes through the leads on sale in id order, a chunk at a time.
    /// </summary>
    internal async Task<int> WithdrawListedAsync(int? listId, CancellationToken ct)
    {
        await using var connection = await connections.Main.OpenConnectionAsync(ct);
        await using (var barrier = await connection.BeginTransactionAsync(ct))
        {
            await using var command = new NpgsqlCommand("select 1 from consent_chain_heads where id = 1 for update", connection, barrier);
            await command.ExecuteNonQueryAsync(ct);
            await barrier.CommitAsync(ct);
        }
        var listed = new List<Guid>();
        var after = Guid.Empty;
        while (true)
        {
            var leads = await OppositionSql.OnSaleAfterAsync(connection, after, Chunk / 2, ct);
            if (leads.Count == 0)
                break;
            after = leads[^1].Id;
            var keys = new byte[leads.Count * 2][];
            for (var i = 0; i < leads.Count; i++)
            {
                keys[2 * i] = digests.Phone(leads[i].Phone);
                keys[2 * i + 1] = digests.Email(leads[i].Email);
            }
            var (hits, _) = await OppositionSql.ProbeAsync(connection, null, keys, ct);
            listed.AddRange(hits.Select(h => leads[h / 2].Id).Distinct());
        }
        if (listed.Count == 0)
            return 0;
        var now = time.GetUtcNow();
        await using var tx = await connection.BeginTransactionAsync(ct);
        var withdrawn = await OppositionSql.WithdrawAsync(connection, tx, [.. listed], now, ct);
        if (listId is not null)
        {
            await using var count = new NpgsqlCommand("update opposition_list_versions set withdrawn = $2 where id = $1", connection, tx)
            {
                Parameters = { new() { Value = listId.Value }, new() { Value = withdrawn.Count } },
            };
            await count.ExecuteNonQueryAsync(ct);
        }
        if (withdrawn.Count > 0)
            await AuditAsync(connection, tx, null, "opposition.withdrawn", "leads", $"{withdrawn.Count} lead(s) retiré(s) de la vente (contact sur liste d'opposition) : {string.Join(", ", withdrawn)}.", now, ct);
        await tx.CommitAsync(ct);
        foreach (var e in LeadWithdrawn.For(withdrawn, WithdrawalReason.Opposed, now))
            events.Publish(e);
        if (withdrawn.Count > 0)
            logger.LogInformation("Opposition: {Count} lead(s) on sale withdrawn", withdrawn.Count);
        return withdrawn.Count;
    }

    private static List<(ContactKind, string)> Validate(IReadOnlyList<string> phones, IReadOnlyList<string> emails)
    {
        var errors = new Dictionary<string, string[]>();
        var entries = new List<(ContactKind, string)>();
        for (var i = 0; i < phones.Count; i++)
        {
            if (OppositionFile.Phone(phones[i] ?? "") is { } phone)
                entries.Add((ContactKind.Phone, phone));
            else
                errors[$"phones[{i}]"] = [$"Numéro de téléphone français invalide : « {phones[i]?.Trim()} »."];
        }
        for (var i = 0; i < emails.Count; i++)
        {
            if (OppositionFile.Email((emails[i] ?? "").Trim()) is { } email)
                entries.Add((ContactKind.Email, email));
            else
                errors[$"emails[{i}]"] = [$"Adresse e-mail invalide : « {emails[i]?.Trim()} »."];
        }
        if (phones.Count + emails.Count > MaxPerCall)
            errors["phones"] = [$"Au plus {MaxPerCall:N0} contacts par envoi : chargez un fichier depuis la page des listes d'opposition.".Replace('\u202f', ' ')];
        if (entries.Count == 0 && errors.Count == 0)
            errors["phones"] = ["Indiquez au moins un téléphone ou une adresse e-mail."];
        if (errors.Count > 0)
            throw new ValidationFailedException(errors);
        return entries;
    }

    private static string Count(int n, string what) => n == 0 ? "" : $"{n} {what}{(n > 1 ? "s" : "")}";

    /// <summary>An audit line in the addition's, removal's or withdrawal's own transaction (they write through Npgsql, not EF).</summary>
    private static async Task AuditAsync(NpgsqlConnection connection, NpgsqlTransaction tx, Guid? actorId, string action, string subject,
        string details, DateTimeOffset now, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("""
            insert into audit_log (actor_id, action, subject, details, at) values ($1, $2, $3, $4, $5)
            """, connection, tx)
        {
            Parameters =
            {
                new() { Value = (object?)actorId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid },
                new() { Value = action },
                new() { Value = subject },
                new() { Value = details.Length > 2000 ? details[..1999] + "…" : details },
                new() { Value = now, NpgsqlDbType = NpgsqlDbType.TimestampTz },
            },
        };
        await command.ExecuteNonQueryAsync(ct);
    }
}
