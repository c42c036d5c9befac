namespace LeadsAssurance.Domain.Flows;

/// <summary>A flow with its settings and what it bought in the current Paris periods, for lists and the API.</summary>
public sealed record FlowSummary(
    Guid Id, Guid BrokerId, string Name, FlowStatus Status, string? PauseReason, DateTimeOffset? PausedAt,
    IReadOnlyList<string> ProductCodes, IReadOnlyList<string> Departements, decimal? MaxPrice, bool? Exclusive, int? MaxConsentAgeHours,
    IReadOnlyDictionary<string, FlowAttributeFilter> Attributes, FlowCaps Caps, FlowSchedule? Schedule, int Priority,
    string? WebhookUrl, bool AutoResume, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, FlowUsage Usage, decimal? MinProviderScore = null,
    bool NamedPartnerOnly = false);

/// <summary>Leads bought today, this ISO week and this month (Europe/Paris), euros spent this month, and the last purchase.</summary>
public sealed record FlowUsage(int Today, int ThisWeek, int ThisMonth, decimal SpendThisMonth, DateTimeOffset? LastDeliveryAt);

/// <summary>
/// A flow's purchase and its webhook delivery, with every call made, and the lead as its buyer reads it in his
/// delivery log (product, contact's name, place).
/// </summary>
public sealed record FlowDeliveryView(
    Guid Id, Guid FlowId, Guid LeadId, Guid PurchaseId, decimal Price, DateTimeOffset CreatedAt, FlowDeliveryStatus Status, int Attempts,
    DateTimeOffset? NextAttemptAt, DateTimeOffset? DeliveredAt, string? LastError, IReadOnlyList<FlowDeliveryAttemptView> AttemptLog,
    string ProductCode, string Contact, string Place);

public sealed record FlowDeliveryAttemptView(DateTimeOffset AttemptedAt, int? StatusCode, int DurationMs, string? Error, string? ResponseExcerpt);

/// <summary>Leads bought on one Paris day (a flow's sparkline).</summary>
public sealed record FlowDailyCount(DateOnly Day, int Count);

/// <summary>"≈ N leads / jour auraient correspondu sur les 30 derniers jours": <see cref="Matching"/> leads over <see cref="Days"/> days.</summary>
public sealed record FlowEstimate(int Matching, int Days)
{
    public decimal PerDay => Days == 0 ? 0 : Math.Round((decimal)Matching / Days, 1);
}

/// <summary>A created flow (or one whose secret was rotated or first set): <see cref="WebhookSecret"/> is shown this once.</summary>
public sealed record FlowWithSecret(FlowSummary Flow, string? WebhookSecret);

/// <summary>A flow as its broker's flows page shows it: settings and usage, the last 30 days, failed deliveries.</summary>
public sealed record FlowBoardItem(FlowSummary Flow, IReadOnlyList<FlowDailyCount> LastDays, int FailedDeliveries);
