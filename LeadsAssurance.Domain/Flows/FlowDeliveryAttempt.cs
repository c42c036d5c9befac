namespace LeadsAssurance.Domain.Flows;

/// <summary>One webhook call of a <see cref="FlowDelivery"/>: what the broker's server answered, and how fast.</summary>
public class FlowDeliveryAttempt
{
    public const int MaxError = 1000;
    /// <summary>The start of the answer kept for the broker's diagnosis (2 KB at most).</summary>
    public const int MaxResponseExcerpt = 2048;

    private FlowDeliveryAttempt() { }

    internal FlowDeliveryAttempt(Guid deliveryId, DateTimeOffset at, int? statusCode, int durationMs, string? error, string? responseExcerpt)
    {
        DeliveryId = deliveryId;
        AttemptedAt = at;
        StatusCode = statusCode;
        DurationMs = durationMs;
        Error = FlowDelivery.Truncate(error, MaxError);
        ResponseExcerpt = FlowDelivery.Truncate(responseExcerpt, MaxResponseExcerpt);
    }

    public long Id { get; private set; }
    public Guid DeliveryId { get; private set; }
    public DateTimeOffset AttemptedAt { get; private set; }
    /// <summary>The HTTP status, or null when no answer came (timeout, connection refused).</summary>
    public int? StatusCode { get; private set; }
    public int DurationMs { get; private set; }
    public string? Error { get; private set; }
    public string? ResponseExcerpt { get; private set; }
}
