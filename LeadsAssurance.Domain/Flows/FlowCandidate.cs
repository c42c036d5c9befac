using System.Text.Json;

namespace LeadsAssurance.Domain.Flows;

/// <summary>A lead of an ingestion batch as a flow's criteria see it, its attributes parsed once for every flow.</summary>
internal sealed record RoutableLead(Guid Id, string ProductCode, string Departement, decimal Price, int MaxBuyers,
    DateTimeOffset ConsentCapturedAt, JsonElement Attributes, Guid ProviderId, decimal ProviderScore,
    string[]? PartnerKeys = null, bool RequiresNamedPartner = false)
{
    private static readonly JsonElement NoAttributes = JsonDocument.Parse("{}").RootElement;

    /// <summary>The attributes as stored (validated at ingestion); unreadable ones read as none, so no filter accepts them.</summary>
    public static JsonElement Parse(string attributes)
    {
        try
        {
            using var document = JsonDocument.Parse(attributes);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return NoAttributes;
        }
    }
}

/// <summary>
/// An active flow as the router reads it (its row, locked), with its criteria parsed once per batch and its counters
/// brought to the current Paris periods. Mutable: the allocation moves its counters and its turn as it buys.
/// </summary>
internal sealed class FlowCandidate
{
    public required Guid Id { get; init; }
    public required Guid BrokerId { get; init; }
    public string Name { get; init; } = "";
    public required string[] ProductCodes { get; init; }
    public required HashSet<string> Departements { get; init; }
    public decimal? MaxPrice { get; init; }
    public bool? Exclusive { get; init; }
    public int? MaxConsentAgeHours { get; init; }
    public decimal? MinProviderScore { get; init; }
    /// <summary>The flow buys only leads whose consent names its broker.</summary>
    public bool NamedPartnerOnly { get; init; }
    /// <summary>The keys under which a consent names the flow's broker (<see cref="Partners.PartnerName.BrokerKeys"/>).</summary>
    public string[] BrokerPartnerKeys { get; init; } = [];
    public required IReadOnlyList<AttributeCondition> Conditions { get; init; }
    public int? DailyCap { get; init; }
    public int? WeeklyCap { get; init; }
    public int? MonthlyCap { get; init; }
    public decimal? MonthlySpendCap { get; init; }
    public int[]? ScheduleDays { get; init; }
    public TimeOnly? ScheduleFrom { get; init; }
    public TimeOnly? ScheduleTo { get; init; }
    public required int Priority { get; init; }
    public required bool HasWebhook { get; init; }
    public long Turn { get; set; }
    public int DayCount { get; set; }
    public int WeekCount { get; set; }
    public int MonthCount { get; set; }
    public decimal MonthSpend { get; set; }
    /// <summary>Leads bought in this batch.</summary>
    public int Taken { get; set; }

    /// <summary>No more leads this period, whatever their price.</summary>
    public bool CapReached => DayCount >= DailyCap || WeekCount >= WeeklyCap || MonthCount >= MonthlyCap;

    public bool WithinSpendCap(decimal price) => MonthlySpendCap is not { } cap || MonthSpend + price <= cap;

    /// <summary>The flow's criteria, on a lead (its attributes parsed once for every flow).</summary>
    public bool Matches(RoutableLead lead, DateTimeOffset now)
    {
        if (Array.IndexOf(ProductCodes, lead.ProductCode) < 0)
            return false;
        if (Departements.Count > 0 && !Departements.Contains(lead.Departement))
            return false;
        if (lead.Price > MaxPrice)
            return false;
        if (Exclusive is { } exclusive && exclusive != (lead.MaxBuyers == 1))
            return false;
        if (MaxConsentAgeHours is { } hours && lead.ConsentCapturedAt < now.AddHours(-hours))
            return false;
        if (lead.ProviderScore < MinProviderScore)
            return false;
        // The flow's own criterion, or the product's requirement: never a purchase for a broker the consent does not name.
        if ((NamedPartnerOnly || lead.RequiresNamedPartner) && !Partners.PartnerName.Names(lead.PartnerKeys, BrokerPartnerKeys))
            return false;
        foreach (var condition in Conditions)
            if (!condition.Accepts(lead.Attributes))
                return false;
        return true;
    }
}

/// <summary>One attribute filter of a flow: the value in a set (<c>in</c>), or a number within [min, max].</summary>
internal sealed class AttributeCondition
{
    public required string Field { get; init; }
    public HashSet<string>? Texts { get; init; }
    public HashSet<decimal>? Numbers { get; init; }
    public HashSet<bool>? Booleans { get; init; }
    public decimal? Min { get; init; }
    public decimal? Max { get; init; }

    private bool HasSet => Texts is not null || Numbers is not null || Booleans is not null;

    public bool Accepts(JsonElement attributes)
    {
        if (attributes.ValueKind != JsonValueKind.Object || !attributes.TryGetProperty(Field, out var value))
            return false;
        if (HasSet)
        {
            var inSet = value.ValueKind switch
            {
                JsonValueKind.String => Texts?.Contains(value.GetString()!) == true,
                JsonValueKind.Number => Numbers?.Contains(value.GetDecimal()) == true,
                JsonValueKind.True => Booleans?.Contains(true) == true,
                JsonValueKind.False => Booleans?.Contains(false) == true,
                _ => false,
            };
            if (!inSet)
                return false;
        }
        if (Min is null && Max is null)
            return true;
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDecimal(out var number))
            return false;
        return (Min is not { } min || number >= min) && (Max is not { } max || number <= max);
    }

    /// <summary>Reads a flow's stored filters, <c>{ field: { "in": [..], "min": n, "max": n } }</c>.</summary>
    public static IReadOnlyList<AttributeCondition> Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        if (document.RootElement.ValueKind != JsonValueKind.Object)
            return [];
        var conditions = new List<AttributeCondition>();
        foreach (var field in document.RootElement.EnumerateObject())
        {
            HashSet<string>? texts = null;
            HashSet<decimal>? numbers = null;
            HashSet<bool>? booleans = null;
            if (field.Value.TryGetProperty("in", out var set) && set.ValueKind == JsonValueKind.Array)
            {
                texts = [];
                numbers = [];
                booleans = [];
                foreach (var item in set.EnumerateArray())
                {
                    if (item.ValueKind == JsonValueKind.String) texts.Add(item.GetString()!);
                    else if (item.ValueKind == JsonValueKind.Number) numbers.Add(item.GetDecimal());
                    else if (item.ValueKind is JsonValueKind.True or JsonValueKind.False) booleans.Add(item.GetBoolean());
                }
            }
            conditions.Add(new AttributeCondition
            {
                Field = field.Name, Texts = texts, Numbers = numbers, Booleans = booleans,
                Min = Read(field.Value, "min"), Max = Read(field.Value, "max"),
            });
        }
        return conditions;
    }

    private static decimal? Read(JsonElement condition, string name) =>
        condition.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDecimal() : null;
}
