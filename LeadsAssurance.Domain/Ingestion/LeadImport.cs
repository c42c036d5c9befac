namespace LeadsAssurance.Domain.Ingestion;

public enum ImportStatus
{
    Ready,
    Running,
    Completed,
    Failed,
}

/// <summary>
/// A CSV file a provider imports: where it is, how to read it (encoding, separator, column mapping) and how far it got.
/// <see cref="RowsDone"/> moves in the same transaction as each batch of leads, so a resumed import starts exactly
/// after the last committed row.
/// </summary>
public class LeadImport
{
    private LeadImport() { }

    public LeadImport(Guid id, Guid providerId, string productCode, string fileName, string storedFile, string encoding,
        char separator, string mappingJson, int totalRows, DateTimeOffset now)
    {
        Id = id;
        ProviderId = providerId;
        ProductCode = productCode;
        FileName = fileName;
        StoredFile = storedFile;
        Encoding = encoding;
        Separator = separator.ToString();
        Mapping = mappingJson;
        TotalRows = totalRows;
        Status = ImportStatus.Ready;
        CreatedAt = now;
        UpdatedAt = now;
    }

    public Guid Id { get; private set; }
    public Guid ProviderId { get; private set; }
    public string ProductCode { get; private set; } = "";
    public string FileName { get; private set; } = "";
    /// <summary>The uploaded file's name in the import folder.</summary>
    public string StoredFile { get; private set; } = "";
    public string Encoding { get; private set; } = "utf-8";
    public string Separator { get; private set; } = ";";
    /// <summary>JSON object: CSV header → target field ("firstName", "attributes.age", "consent.capturedAt", ...).</summary>
    public string Mapping { get; private set; } = "{}";
    public ImportStatus Status { get; private set; }
    public int TotalRows { get; private set; }
    public int RowsDone { get; private set; }
    public int Accepted { get; private set; }
    public int Duplicates { get; private set; }
    public int Invalid { get; private set; }
    public string? Failure { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }
    public DateTimeOffset? CompletedAt { get; private set; }
}

/// <summary>One problem of one row of an import, for the downloadable report.</summary>
public class LeadImportError
{
    public long Id { get; private set; }
    public Guid ImportId { get; private set; }
    /// <summary>Line in the file, header = 1.</summary>
    public int Line { get; private set; }
    public string Field { get; private set; } = "";
    public string Message { get; private set; } = "";
}

/// <summary>Per provider and day (Europe/Paris): leads submitted, accepted, refused as invalid or as duplicates.</summary>
public class IngestionStat
{
    public Guid ProviderId { get; private set; }
    public DateOnly Day { get; private set; }
    public int Submitted { get; private set; }
    public int Accepted { get; private set; }
    public int Invalid { get; private set; }
    public int Duplicates { get; private set; }
}
