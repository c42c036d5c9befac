using System.Text.Json;
using LeadsAssurance.Domain.Catalog;
using LeadsAssurance.Domain.Data;
using LeadsAssurance.Domain.Ingestion.Csv;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

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
public sealed partial class LeadImports(
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
