namespace LeadsAssurance.Domain.Flows;

/// <summary>A flow's settings once validated by <c>FlowService</c>: what it buys, how much, when, and where it announces it.</summary>
public sealed record FlowDefinition(
    string Name,
    IReadOnlyList<string> ProductCodes,
    IReadOnlyList<string> Departements,
    decimal? MaxPrice,
    bool? Exclusive,
    int? MaxConsentAgeHours,
    string AttributeFiltersJson,
    int? DailyCap,
    int? WeeklyCap,
    int? MonthlyCap,
    decimal? MonthlySpendCap,
    IReadOnlyList<int>? ScheduleDays,
    TimeOnly? ScheduleFrom,
    TimeOnly? ScheduleTo,
    int Priority,
    string? WebhookUrl,
    bool AutoResume,
    decimal? MinProviderScore = null,
    bool NamedPartnerOnly = false);
