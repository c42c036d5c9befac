using System.Text.Json;

namespace LeadsAssurance.Domain.Flows;

/// <summary>A flow as a broker sends it (POST and PUT /api/v1/flows, the flows page), before validation.</summary>
public sealed record FlowRequest(
    string? Name,
    IReadOnlyList<string>? ProductCodes,
    IReadOnlyList<string>? Departements = null,
    decimal? MaxPrice = null,
    bool? Exclusive = null,
    int? MaxConsentAgeHours = null,
    IReadOnlyDictionary<string, FlowAttributeFilter>? Attributes = null,
    FlowCaps? Caps = null,
    FlowSchedule? Schedule = null,
    int? Priority = null,
    string? WebhookUrl = null,
    bool? AutoResume = null,
    decimal? MinProviderScore = null,
    bool? NamedPartnerOnly = null);

/// <summary>An attribute filter: the value among <see cref="In"/>, or a number within [<see cref="Min"/>, <see cref="Max"/>].</summary>
public sealed record FlowAttributeFilter(IReadOnlyList<JsonElement>? In = null, decimal? Min = null, decimal? Max = null);

/// <summary>Lead counts per Paris calendar day, ISO week and month, and euros spent per month.</summary>
public sealed record FlowCaps(int? Daily = null, int? Weekly = null, int? Monthly = null, decimal? MonthlySpend = null);

/// <summary>ISO days (Monday = 1) and hours "HH:mm" (Europe/Paris) when the flow buys.</summary>
public sealed record FlowSchedule(IReadOnlyList<int>? Days, string? From = null, string? To = null);
