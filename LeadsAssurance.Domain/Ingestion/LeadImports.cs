using System.Text.Json;
using LeadsAssurance.Domain.Catalog;
using LeadsAssurance.Domain.Data;
using LeadsAssurance.Domain.Ingestion.Csv;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace LeadsAssurance.Domain.Ingestion;

public sealed class ImportOptions
{
    public const string Section = "Import";
    /// <summary>Where uploaded files are kept until their import is complete (the web host defaults it under .data).</summary>
    public string Folder { get; set; } = Path.Combine(Path.GetTempPath(), "leadsassurance-imports");
    public long MaxFileBytes { get; set; } = 50L * 1024 * 1024;
    public int BatchSize { get; set; } = 2500;
}

/// <summary>An uploaded file, read once: its format, header, number of data rows and first rows.</summary>
public sealed record UploadedCsv(string StoredFile, string FileName, long Size, string Encoding, char Separator, IReadOnlyList<string> Headers,
    int TotalRows, IReadOnlyList<CsvRecord> FirstRows);

/// <summary>A preview row: what the import would say about it (validation without writing).</summary>
public sealed record PreviewRow(int Line, string[] Fields, IReadOnlyDictionary<string, string[]> Errors);

/// <summary>An import as the provider's page shows it.</summary>
public sealed record ImportSummary(Guid Id, string FileName, string ProductCode, ImportStatus Status, int TotalRows, int RowsDone,
    int Accepted, int Duplicates, int Invalid, string? Failure, DateTimeOffset CreatedAt, DateTimeOffset? CompletedAt);

/// <summary>
/// CSV import of leads: upload (bounded, format detected), column mapping, preview, then the import itself in batches
/// through <see cref="LeadIngestion"/>. Each batch commits its leads, its error rows and the import's progress together,
/// so a crash loses nothing accepted and a resume starts right after the last committed row; re-running a file
/// creates no duplicate (the 30-day dedupe refuses them).
/// </summary>
public sealed class LeadImports(
    IDbContextFactory<AppDbContext> dbFactory, NpgsqlDataSource dataSource, LeadIngestion ingestion, LeadValidator validator,
    CatalogService catalog, ImportProgressNotifier progress, IOptions<ImportOptions> options, TimeProvider time, ILogger<LeadImports> logger)
{
    private ImportOptions Options => options.Value;
    private const int PreviewRows = 20;

    public async Task<UploadedCsv> UploadAsync(Stream content, string fileName, CancellationToken ct = default)
    {
        Directory.CreateDirectory(Options.Folder);
        var stored = $"{Guid.CreateVersion7(time.GetUtcNow()):N}.csv";
        var path = Path.Combine(Options.Folder, stored);
        long size = 0;
        try
        {
            await using (var file = File.Create(path))
            {
                var buffer = new byte[81920];
                int read;
                while ((read = await content.ReadAsync(buffer, ct)) > 0)
                {
                    size += read;
                    if (size > Options.MaxFileBytes)
                        throw new CsvFormatException($"Fichier trop volumineux : plus de {Options.MaxFileBytes / 1024 / 1024} Mo. Découpez-le ou utilisez l'API (POST /api/v1/leads/bulk).");
                    await file.WriteAsync(buffer.AsMemory(0, read), ct);
                }
            }
            return Inspect(stored, fileName, size);
        }
        catch
        {
            File.Delete(path);
            throw;
        }
    }

    private UploadedCsv Inspect(string stored, string fileName, long size)
    {
        var format = Detect(stored);
        using var stream = File.OpenRead(Path.Combine(Options.Folder, stored));
        var reader = CsvReader.Open(stream, format);
        var header = reader.Read() ?? throw new CsvFormatException("Le fichier est vide.");
        var headers = header.Fields.Select(h => h.Trim()).ToArray();
        if (headers.Any(h => h.Length == 0))
            throw new CsvFormatException("La ligne d'en-tête contient une colonne sans nom.");
        var duplicates = headers.GroupBy(h => h, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (duplicates.Count > 0)
            throw new CsvFormatException($"Colonnes en double dans l'en-tête : {string.Join(", ", duplicates)}.");
        var first = new List<CsvRecord>();
        var total = 0;
        while (reader.Read() is { } record)
        {
            if (first.Count < PreviewRows)
                first.Add(record);
            total++;
        }
        if (total == 0)
            throw new CsvFormatException("Le fichier ne contient que l'en-tête : aucune ligne de données.");
        return new UploadedCsv(stored, Path.GetFileName(fileName), size, format.EncodingName, format.Separator, headers, total, first);
    }

    private CsvFormat Detect(string stored)
    {
        using var stream = File.OpenRead(Path.Combine(Options.Folder, stored));
        var sample = new byte[64 * 1024];
        var length = stream.ReadAtLeast(sample, sample.Length, throwOnEndOfStream: false);
        return CsvSniffer.Detect(sample.AsSpan(0, length));
    }

    public async Task<IReadOnlyList<ImportTarget>> TargetsAsync(string productCode, CancellationToken ct = default) =>
        ImportTargets.For((await ProductAsync(productCode, ct)).AttributesSchema);

    /// <summary>The first rows as the import would judge them (without the duplicate check, which needs the database).</summary>
    public async Task<IReadOnlyList<PreviewRow>> PreviewAsync(UploadedCsv file, string productCode, IReadOnlyDictionary<string, string> mapping, CancellationToken ct = default)
    {
        var targets = await TargetsAsync(productCode, ct);
        var converter = new CsvRowConverter(productCode, file.Headers, mapping, targets);
        var rows = new List<PreviewRow>();
        foreach (var record in file.FirstRows)
        {
            var (submission, known) = converter.Convert(record.Fields);
            var (_, errors) = await validator.ValidateAsync(submission, ct);
            rows.Add(new PreviewRow(record.Line, record.Fields, IngestionResult.Merge(known, errors)));
        }
        return rows;
    }

    /// <summary>Records the import (ready to run). Throws <see cref="ValidationFailedException"/> when a required field has no column.</summary>
    public async Task<Guid> CreateAsync(Guid providerId, string productCode, UploadedCsv file, IReadOnlyDictionary<string, string> mapping, CancellationToken ct = default)
    {
        var product = await ProductAsync(productCode, ct);
        var targets = ImportTargets.For(product.AttributesSchema);
        var unknown = mapping.Where(m => !file.Headers.Contains(m.Key) || targets.All(t => t.Key != m.Value)).Select(m => m.Key).ToList();
        var missing = ImportTargets.Missing(mapping, targets);
        if (missing.Count > 0 || unknown.Count > 0)
            throw new ValidationFailedException(new Dictionary<string, string[]>
            {
                ["mapping"] = [.. missing.Select(t => $"Aucune colonne pour « {t.Label} » (obligatoire)."), .. unknown.Select(u => $"Colonne inconnue : « {u} ».")],
            });
        if (!File.Exists(Path.Combine(Options.Folder, file.StoredFile)))
            throw new ValidationFailedException(new Dictionary<string, string[]> { ["file"] = ["Le fichier téléversé n'est plus disponible : recommencez le téléversement."] });
        var import = new LeadImport(Guid.CreateVersion7(time.GetUtcNow()), providerId, product.Code, file.FileName, file.StoredFile, file.Encoding,
            file.Separator, JsonSerializer.Serialize(mapping), file.TotalRows, time.GetUtcNow());
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.LeadImports.Add(import);
        await db.SaveChangesAsync(ct);
        return import.Id;
    }

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
            // The connection goes back to the pool: a session lock would outlive this run.
            await using var unlock = new NpgsqlCommand("select pg_advisory_unlock(hashtextextended($1, 7))", lockConnection) { Parameters = { new() { Value = importId.ToString() } } };
            await unlock.ExecuteScalarAsync(CancellationToken.None);
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
            // Two stages in flight: the next batch is read and validated (CPU) while the current one is written (database).
            List<CsvRecord> NextBatch()
            {
                var size = Math.Clamp(Options.BatchSize, 1, LeadIngestion.MaxTransactionBatch);
                var records = new List<CsvRecord>(size);
                while (records.Count < size && reader.Read() is { } record)
                    records.Add(record);
                return records;
            }
            async Task<(List<CsvRecord> Records, LeadIngestion.PreparedBatch? Prepared)> PrepareAsync(List<CsvRecord> records)
            {
                if (records.Count == 0)
                    return (records, null);
                var converted = records.Select(r => converter.Convert(r.Fields)).ToList();
                return (records, await ingestion.PrepareAsync(import.ProviderId, [.. converted.Select(c => c.Submission)],
                    [.. converted.Select(c => (IReadOnlyDictionary<string, string[]>?)c.Errors)], ct));
            }
            var pending = PrepareAsync(NextBatch());
            try
            {
            while (true)
            {
                var (records, prepared) = await pending;
                if (prepared is null)
                    break;
                pending = Task.Run(() => PrepareAsync(NextBatch()), ct);
                var rowsDone = done + records.Count;
                await ingestion.WriteAsync(import.ProviderId, prepared,
                    (connection, results) => RecordBatchAsync(connection, importId, records, results, rowsDone, labels, ct), ct);
                done = rowsDone;
                progress.Report(new ImportProgress(importId, import.ProviderId, ImportStatus.Running));
            }
            }
            finally
            {
                // Never leave a read of the file running past this method (the stream is disposed on the way out).
                try { await pending; } catch (Exception) { /* already failing or cancelled: the first error is the one reported */ }
            }
            await SetStatusAsync(importId, ImportStatus.Completed, null, ct);
            File.Delete(Path.Combine(Options.Folder, import.StoredFile));
            progress.Report(new ImportProgress(importId, import.ProviderId, ImportStatus.Completed));
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Import {Import} stopped", importId);
            var message = e is CsvFormatException ? e.Message : "L'import s'est arrêté sur une erreur inattendue ; les lignes déjà importées sont conservées. Vous pouvez le reprendre.";
            await SetStatusAsync(importId, ImportStatus.Failed, message, CancellationToken.None);
            progress.Report(new ImportProgress(importId, import.ProviderId, ImportStatus.Failed));
            return true;
        }
    }

    /// <summary>Inside the batch's transaction: its error rows and the import's new position and counts.</summary>
    private static async Task RecordBatchAsync(NpgsqlConnection connection, Guid importId, List<CsvRecord> batch, IReadOnlyList<IngestionResult> results,
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
                        await writer.WriteAsync(batch[i].Line, NpgsqlDbType.Integer, ct);
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

    /// <summary>
    /// Deletes uploaded files older than <paramref name="age"/> that no unfinished import needs (uploads abandoned at
    /// the mapping step). Returns how many were deleted.
    /// </summary>
    public async Task<int> DeleteAbandonedUploadsAsync(TimeSpan age, CancellationToken ct = default)
    {
        if (!Directory.Exists(Options.Folder))
            return 0;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var needed = (await db.LeadImports.Where(i => i.Status != ImportStatus.Completed).Select(i => i.StoredFile).ToListAsync(ct)).ToHashSet();
        var cutoff = time.GetUtcNow() - age;
        var deleted = 0;
        foreach (var file in Directory.EnumerateFiles(Options.Folder, "*.csv"))
        {
            if (needed.Contains(Path.GetFileName(file)) || File.GetLastWriteTimeUtc(file) > cutoff.UtcDateTime)
                continue;
            File.Delete(file);
            deleted++;
        }
        return deleted;
    }

    public async Task<IReadOnlyList<ImportSummary>> ListAsync(Guid providerId, int take = 20, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await Summaries(db.LeadImports.Where(i => i.ProviderId == providerId).OrderByDescending(i => i.CreatedAt).Take(take)).ToListAsync(ct);
    }

    public async Task<ImportSummary?> GetAsync(Guid providerId, Guid importId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await Summaries(db.LeadImports.Where(i => i.ProviderId == providerId && i.Id == importId)).SingleOrDefaultAsync(ct);
    }

    private static IQueryable<ImportSummary> Summaries(IQueryable<LeadImport> imports) =>
        imports.AsNoTracking()
            .Select(i => new ImportSummary(i.Id, i.FileName, i.ProductCode, i.Status, i.TotalRows, i.RowsDone, i.Accepted, i.Duplicates, i.Invalid,
                i.Failure, i.CreatedAt, i.CompletedAt));

    internal async Task<ProductSummary> ProductAsync(string code, CancellationToken ct) =>
        (await catalog.ListAsync(activeOnly: true, ct)).FirstOrDefault(p => p.Code == code)
        ?? throw new ValidationFailedException(new Dictionary<string, string[]> { ["productCode"] = [$"Produit inconnu ou hors vente : « {code} »."] });
}

/// <summary>An import moved (a batch committed, or it ended): pages following it read it again.</summary>
public sealed record ImportProgress(Guid ImportId, Guid ProviderId, ImportStatus Status);

/// <summary>In-process fan-out of import progress to the provider's open pages.</summary>
public sealed class ImportProgressNotifier
{
    public event Action<ImportProgress>? Changed;

    public void Report(ImportProgress progress) => Changed?.Invoke(progress);
}
