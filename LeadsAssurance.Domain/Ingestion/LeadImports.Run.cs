using System.Text.Json;
using LeadsAssurance.Domain.Ingestion.Csv;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;

namespace LeadsAssurance.Domain.Ingestion;

/// <summary>Running an import: batches read, validated, copied and committed in order, resumable after a crash.</summary>
public sealed partial class LeadImports
{
    /// <summary>
    /// Runs (or resumes) an import to its end. Holds a PostgreSQL advisory lock for the import while it runs, so two
    /// nodes never run the same one. Returns false when another process is running it.
    /// </summary>
    public async Task<bool> RunAsync(Guid importId, CancellationToken ct = default)
    {
        await using var lockConnection = await dataSource.OpenConnectionAsync(ct);
        await using (var tryLock = new NpgsqlCommand("select pg_try_advisory_lock(hashtextextended($1, 7))", lockConnection) { Parameters = { new() { Value = importId.ToString() } } })
            if (await tryLock.ExecuteScalarAsync(ct) is not true)
                return false;
        try
        {
            return await RunLockedAsync(importId, ct);
        }
        finally
        {
            // The connection goes back to the pool: a session lock would outlive this run. A connection the server
            // dropped took its lock with it.
            try
            {
                await using var unlock = new NpgsqlCommand("select pg_advisory_unlock(hashtextextended($1, 7))", lockConnection) { Parameters = { new() { Value = importId.ToString() } } };
                await unlock.ExecuteScalarAsync(CancellationToken.None);
            }
            catch (Exception e) when (Data.DatabaseFaults.IsUnavailable(e))
            {
                logger.LogDebug("The import lock's connection was lost: {Reason}", e.Message);
            }
        }
    }

    private async Task<bool> RunLockedAsync(Guid importId, CancellationToken ct)
    {
        LeadImport import;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
            import = await db.LeadImports.AsNoTracking().SingleAsync(i => i.Id == importId, ct);
        if (import.Status is ImportStatus.Completed)
            return true;
        try
        {
            await SetStatusAsync(importId, ImportStatus.Running, null, ct);
            var product = await ProductAsync(import.ProductCode, ct);
            var targets = ImportTargets.For(product.AttributesSchema);
            var labels = targets.ToDictionary(t => t.Key, t => t.Label);
            var mapping = JsonSerializer.Deserialize<Dictionary<string, string>>(import.Mapping)!;
            var format = new CsvFormat(CsvFormat.EncodingFromName(import.Encoding), import.Separator[0]);
            await using var stream = File.OpenRead(Path.Combine(Options.Folder, import.StoredFile));
            var reader = CsvReader.Open(stream, format);
            var headers = reader.Read()!.Value.Fields.Select(h => h.Trim()).ToArray();
            var converter = new CsvRowConverter(import.ProductCode, headers, mapping, targets);

            var done = import.RowsDone;
            for (var skipped = 0; skipped < done && reader.Read() is not null; skipped++)
            {
            }
            List<CsvRecord> NextBatch()
            {
                var size = Math.Clamp(Options.BatchSize, 1, LeadIngestion.MaxTransactionBatch);
                var records = new List<CsvRecord>(size);
                while (records.Count < size && reader.Read() is { } record)
                    records.Add(record);
                return records;
            }
            // Three batches in flight: one is read and validated (CPU), the one before has its leads copied in its own
            // transaction, the one before that commits under the consent chain lock. The app's cores and two
            // PostgreSQL backends work at once; each batch still commits in file order.
            // A batch in flight keeps only its rows' line numbers (for the error report), not their cells.
            async Task<(int[] Lines, LeadIngestion.PreparedBatch? Prepared)> PrepareAfterAsync(Task previous)
            {
                await previous; // the file is read by one batch at a time, in order
                var records = NextBatch();
                var lines = records.Select(r => r.Line).ToArray();
                if (records.Count == 0)
                    return (lines, null);
                var converted = records.Select(r => converter.Convert(r.Fields)).ToList();
                records.Clear();
                return (lines, await ingestion.PrepareAsync(import.ProviderId, [.. converted.Select(c => c.Submission)],
                    [.. converted.Select(c => (IReadOnlyDictionary<string, string[]>?)c.Errors)], ct));
            }
            async Task<(int[] Lines, LeadIngestion.StagedWrite? Staged)> StageAsync(Task<(int[], LeadIngestion.PreparedBatch?)> preparing)
            {
                var (lines, prepared) = await preparing;
                return (lines, prepared is null ? null : await ingestion.StageAsync(import.ProviderId, prepared, ct));
            }
            var first = Task.Run(() => PrepareAfterAsync(Task.CompletedTask), ct);
            var staging = Task.Run(() => StageAsync(first), ct);
            var preparing = Task.Run(() => PrepareAfterAsync(first), ct);
            try
            {
                while (true)
                {
                    var (lines, staged) = await staging;
                    if (staged is null)
                        break;
                    await using (staged)
                    {
                        var nextPrepared = preparing;
                        staging = Task.Run(() => StageAsync(nextPrepared), ct);
                        preparing = Task.Run(() => PrepareAfterAsync(nextPrepared), ct);
                        var rowsDone = done + lines.Length;
                        await ingestion.CommitAsync(staged,
                            (connection, results) => RecordBatchAsync(connection, importId, lines, results, rowsDone, labels, ct), ct);
                        done = rowsDone;
                    }
                    progress.Report(importId, import.ProviderId, ImportStatus.Running);
                }
            }
            finally
            {
                // Never leave a read of the file running past this method (the stream is disposed on the way out), nor
                // a staged batch's transaction open: disposing it rolls it back, and a resume reads that batch again.
                try
                {
                    await preparing;
                }
                catch (Exception)
                {
                    // Already failing or cancelled: the first error is the one reported.
                }
                try
                {
                    if ((await staging).Staged is { } orphan)
                        await orphan.DisposeAsync();
                }
                catch (Exception)
                {
                    // As above.
                }
            }
            await SetStatusAsync(importId, ImportStatus.Completed, null, ct);
            File.Delete(Path.Combine(Options.Folder, import.StoredFile));
            progress.Report(importId, import.ProviderId, ImportStatus.Completed);
            return true;
        }
        catch (Exception e) when (Data.DatabaseFaults.IsUnavailable(e))
        {
            // The database went away (restart, failover): nothing is lost, the import stays Running and
            // ResumeInterruptedImportsJob picks it up again once the server answers.
            logger.LogWarning("Import {Import} paused: the database is unavailable ({Reason}); it resumes automatically", importId, e.Message);
            return false;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Import {Import} stopped", importId);
            var message = e is CsvFormatException ? e.Message : "L'import s'est arrêté sur une erreur inattendue ; les lignes déjà importées sont conservées. Vous pouvez le reprendre.";
            await SetStatusAsync(importId, ImportStatus.Failed, message, CancellationToken.None);
            progress.Report(importId, import.ProviderId, ImportStatus.Failed);
            return true;
        }
    }

    /// <summary>Inside the batch's transaction: its error rows and the import's new position and counts.</summary>
    private static async Task RecordBatchAsync(NpgsqlConnection connection, Guid importId, int[] lines, IReadOnlyList<IngestionResult> results,
        int rowsDone, IReadOnlyDictionary<string, string> labels, CancellationToken ct)
    {
        if (results.Any(r => r.Status != IngestionStatus.Accepted))
        {
            await using var writer = await connection.BeginBinaryImportAsync("copy lead_import_errors (import_id, line, field, message) from stdin (format binary)", ct);
            for (var i = 0; i < results.Count; i++)
            {
                if (results[i].Errors is not { } errors)
                    continue;
                foreach (var (field, messages) in errors)
                    foreach (var message in messages)
                    {
                        await writer.StartRowAsync(ct);
                        await writer.WriteAsync(importId, NpgsqlDbType.Uuid, ct);
                        await writer.WriteAsync(lines[i], NpgsqlDbType.Integer, ct);
                        await writer.WriteAsync(Truncate(labels.GetValueOrDefault(field, field), 100), NpgsqlDbType.Varchar, ct);
                        await writer.WriteAsync(Truncate(message, 1000), NpgsqlDbType.Varchar, ct);
                    }
            }
            await writer.CompleteAsync(ct);
        }
        var tally = IngestionTally.Of(results);
        await using var update = new NpgsqlCommand("""
            update lead_imports set rows_done = $2, accepted = accepted + $3, duplicates = duplicates + $4, invalid = invalid + $5, updated_at = now()
             where id = $1
            """, connection)
        {
            Parameters =
            {
                new() { Value = importId }, new() { Value = rowsDone },
                new() { Value = tally.Accepted }, new() { Value = tally.Duplicates }, new() { Value = tally.Invalid },
            },
        };
        await update.ExecuteNonQueryAsync(ct);
    }

    private static string Truncate(string s, int max) => s.Length <= max ? s : s[..(max - 1)] + "…";

    private async Task SetStatusAsync(Guid importId, ImportStatus status, string? failure, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = time.GetUtcNow();
        await db.LeadImports.Where(i => i.Id == importId).ExecuteUpdateAsync(s => s
            .SetProperty(i => i.Status, status).SetProperty(i => i.Failure, failure).SetProperty(i => i.UpdatedAt, now)
            .SetProperty(i => i.CompletedAt, status == ImportStatus.Completed ? now : null), ct);
    }
}
