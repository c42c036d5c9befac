namespace LeadsAssurance.Domain.Disputes;

/// <summary>
/// A piece of evidence attached to a dispute by one of its parties (a screenshot of the operator's "numéro non attribué"
/// message, a call log): PDF, PNG or JPEG, recognised by its content, stored in PostgreSQL with its SHA-256. Served to
/// the dispute's broker and provider and to the admins only.
/// </summary>
public class DisputeFile
{
    public const int MaxFileName = 200;
    public const int MaxPerDispute = 5;

    private DisputeFile() { }

    internal DisputeFile(Guid id, Guid disputeId, Guid uploadedBy, string fileName, string contentType, byte[] content, byte[] sha256,
        DateTimeOffset now)
    {
        Id = id;
        DisputeId = disputeId;
        UploadedBy = uploadedBy;
        FileName = fileName;
        ContentType = contentType;
        Size = content.Length;
        Content = content;
        Sha256 = sha256;
        CreatedAt = now;
    }

    public Guid Id { get; private set; }
    public Guid DisputeId { get; private set; }
    public Guid UploadedBy { get; private set; }
    public string FileName { get; private set; } = "";
    public string ContentType { get; private set; } = "";
    public int Size { get; private set; }
    public byte[] Content { get; private set; } = [];
    public byte[] Sha256 { get; private set; } = [];
    public DateTimeOffset CreatedAt { get; private set; }
}

/// <summary>A dispute's file without its bytes, as lists show it.</summary>
public sealed record DisputeFileInfo(Guid Id, Guid DisputeId, string FileName, string ContentType, int Size, bool ByBroker, DateTimeOffset CreatedAt);
