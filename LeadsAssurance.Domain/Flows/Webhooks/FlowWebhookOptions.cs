namespace LeadsAssurance.Domain.Flows.Webhooks;

/// <summary>The "Flows" section's webhook settings: how deliveries to brokers' CRMs are sent and retried.</summary>
public sealed class FlowWebhookOptions
{
    public const string Section = "Flows";

    public static readonly TimeSpan[] DefaultRetryDelays =
        [TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30), TimeSpan.FromHours(2), TimeSpan.FromHours(6)];

    /// <summary>
    /// The waits after each failed call (default 1 min, 5 min, 30 min, 2 h, 6 h): a delivery is tried once, then once
    /// after each delay, and fails for good after the last. Set as <c>Flows:WebhookRetryDelays:0</c>, <c>:1</c>, ...
    /// </summary>
    public TimeSpan[]? WebhookRetryDelays { get; set; }

    /// <summary>How long a broker's server has to answer one call.</summary>
    public TimeSpan WebhookTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Calls in flight at once on one node (one slow CRM never holds back the others).</summary>
    public int WebhookParallelism { get; set; } = 16;

    /// <summary>How often the sender looks for retries that fell due, besides being woken by each new delivery.</summary>
    public TimeSpan WebhookPollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Whether a webhook may point at a loopback, link-local, private or otherwise internal address. Unset: refused in
    /// Production (a broker must not make the platform call its own network), allowed elsewhere (local receivers in
    /// development and tests).
    /// </summary>
    public bool? AllowPrivateTargets { get; set; }

    public IReadOnlyList<TimeSpan> RetryDelays => WebhookRetryDelays is { Length: > 0 } delays ? delays : DefaultRetryDelays;
}
