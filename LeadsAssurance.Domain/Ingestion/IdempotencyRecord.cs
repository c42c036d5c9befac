namespace LeadsAssurance.Domain.Ingestion;

/// <summary>
/// A request made with an Idempotency-Key: its body's hash and, once answered, the response, replayed for a repeat.
/// A row with no status yet is a request still in progress.
/// </summary>
public class IdempotencyRecord
{
    private IdempotencyRecord() { }

    public IdempotencyRecord(Guid accountId, string key, string requestHash, DateTimeOffset now)
    {
        AccountId = accountId;
        Key = key;
        RequestHash = requestHash;
        CreatedAt = now;
    }

    public Guid AccountId { get; private set; }
    public string Key { get; private set; } = "";
    /// <summary>SHA-256 (hex) of the method, path and body.</summary>
    public string RequestHash { get; private set; } = "";
    public int? StatusCode { get; private set; }
    public string? ResponseBody { get; private set; }
    public string? ContentType { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
}
