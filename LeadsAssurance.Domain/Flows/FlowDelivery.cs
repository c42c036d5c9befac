namespace LeadsAssurance.Domain.Flows;

/// <summary>
/// A lead a flow bought, and the state of its webhook call to the broker's CRM. Written by <c>FlowRouter</c> in the
/// ingestion transaction, with the purchase; the webhook sender moves it afterwards (same <see cref="Id"/> on every attempt,
/// so receivers deduplicate on it).
/// </summary>
public class FlowDelivery
{
    private FlowDelivery() { }

    public FlowDelivery(Guid id, Guid flowId, Guid leadId, Guid purchaseId, Guid brokerId, decimal price, bool hasWebhook, DateTimeOffset now)
    {
        Id = id;
        FlowId = flowId;
        LeadId = leadId;
        PurchaseId = purchaseId;
        BrokerId = brokerId;
        Price = price;
        CreatedAt = now;
        Status = hasWebhook ? FlowDeliveryStatus.Pending : FlowDeliveryStatus.NoWebhook;
        NextAttemptAt = hasWebhook ? now : null;
    }

    public Guid Id { get; private set; }
    public Guid FlowId { get; private set; }
    public Guid LeadId { get; private set; }
    public Guid PurchaseId { get; private set; }
    public Guid BrokerId { get; private set; }
    public decimal Price { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public FlowDeliveryStatus Status { get; private set; }
    /// <summary>Webhook calls made so far.</summary>
    public int Attempts { get; private set; }
    /// <summary>When the sender should call next; null when nothing is due (delivered, failed for good, or no webhook).</summary>
    public DateTimeOffset? NextAttemptAt { get; private set; }
    public DateTimeOffset? DeliveredAt { get; private set; }
    public string? LastError { get; private set; }
    public List<FlowDeliveryAttempt> AttemptLog { get; private set; } = [];

    /// <summary>Queues a failed delivery again, due now (the broker asked for it). Throws when there is nothing to resend.</summary>
    public void Resend(DateTimeOffset now)
    {
        if (Status == FlowDeliveryStatus.NoWebhook)
            throw new DomainException("Ce flux n'a pas de webhook : il n'y a rien à renvoyer.");
        if (Status != FlowDeliveryStatus.Failed)
            throw new DomainException("Seule une livraison en échec peut être renvoyée.");
        Status = FlowDeliveryStatus.Pending;
        NextAttemptAt = now;
    }

    /// <summary>Records one webhook call (for the sender). A 2xx delivers; anything else waits for <paramref name="retryAt"/>, or fails for good when it is null.</summary>
    public FlowDeliveryAttempt RecordAttempt(DateTimeOffset at, int? statusCode, int durationMs, string? error, string? responseExcerpt, DateTimeOffset? retryAt)
    {
        var attempt = new FlowDeliveryAttempt(Id, at, statusCode, durationMs, error, responseExcerpt);
        AttemptLog.Add(attempt);
        Attempts++;
        if (statusCode is >= 200 and < 300)
        {
            Status = FlowDeliveryStatus.Delivered;
            DeliveredAt = at;
            NextAttemptAt = null;
            LastError = null;
            return attempt;
        }
        LastError = Truncate(error ?? $"HTTP {statusCode}", FlowDeliveryAttempt.MaxError);
        Status = retryAt is null ? FlowDeliveryStatus.Failed : FlowDeliveryStatus.Pending;
        NextAttemptAt = retryAt;
        return attempt;
    }

    internal static string? Truncate(string? text, int max) => text is null || text.Length <= max ? text : text[..max];
}
