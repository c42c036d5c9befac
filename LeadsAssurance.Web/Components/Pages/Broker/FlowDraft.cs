using System.Text.Json;
using System.Text.Json.Nodes;
using LeadsAssurance.Domain.Catalog;
using LeadsAssurance.Domain.Flows;
using LeadsAssurance.Web.Components.Shared;

namespace LeadsAssurance.Web.Components.Pages.Broker;

public enum FlowCriterionKind { Values, YesNo, Range }

/// <summary>
/// An attribute a flow may filter on: an "x-market" property of every chosen product (the rule
/// <see cref="FlowValidator"/> enforces), with its French title and, for a list, its values (kept as JSON) and labels.
/// </summary>
public sealed record FlowCriterion(string Name, string Title, FlowCriterionKind Kind, IReadOnlyList<(string Json, string Label)> Values, bool Euros)
{
    /// <summary>The criteria the chosen products share, in the first product's order.</summary>
    public static IReadOnlyList<FlowCriterion> Shared(IEnumerable<ProductSummary> products)
    {
        List<FlowCriterion>? shared = null;
        foreach (var product in products)
        {
            var own = Parse(product.AttributesSchema);
            // Kept: an attribute every product has, of the same kind; for a list, the values every product has.
            shared = shared is null ? [.. own] : [.. shared
                .Select(c => own.FirstOrDefault(o => o.Name == c.Name && o.Kind == c.Kind) is { } o
                    ? c with { Values = [.. c.Values.Where(v => o.Values.Any(x => x.Json == v.Json))] } : null)
                .Where(c => c is not null && (c.Kind != FlowCriterionKind.Values || c.Values.Count > 0))
                .Select(c => c!)];
        }
        return shared ?? [];
    }

    private static IEnumerable<FlowCriterion> Parse(string schemaJson)
    {
        var properties = JsonNode.Parse(schemaJson)?["properties"] as JsonObject ?? [];
        var ordered = properties.Select((p, i) => (p, i))
            .OrderBy(x => int.TryParse(x.p.Value?["x-order"]?.ToString(), out var o) ? o : int.MaxValue).ThenBy(x => x.i);
        foreach (var ((name, node), _) in ordered)
        {
            if (node is not JsonObject p || p["x-market"]?.GetValueKind() != JsonValueKind.True)
                continue;
            var title = p["title"]?.GetValue<string>() ?? name;
            var type = p["type"]?.GetValue<string>();
            if (p["enum"] is JsonArray values)
            {
                var names = p["x-enumNames"] as JsonArray;
                yield return new FlowCriterion(name, title, FlowCriterionKind.Values,
                    [.. values.Select((v, i) => (v!.ToJsonString(), names?.ElementAtOrDefault(i)?.ToString() ?? v!.ToString()))], false);
            }
            else if (type == "boolean")
                yield return new FlowCriterion(name, title, FlowCriterionKind.YesNo, [], false);
            else if (type is "number" or "integer")
                yield return new FlowCriterion(name, title, FlowCriterionKind.Range, [], title.Contains("(€)", StringComparison.Ordinal));
        }
    }
}

/// <summary>One attribute filter as the form edits it: chosen values (JSON), yes/no, or a range.</summary>
public sealed class FlowCriterionDraft
{
    public HashSet<string> Values { get; set; } = [];
    public bool? YesNo { get; set; }
    public decimal? Min { get; set; }
    public decimal? Max { get; set; }

    public bool IsEmpty => Values.Count == 0 && YesNo is null && Min is null && Max is null;
}

/// <summary>The flow form's state, turned into the same <see cref="FlowRequest"/> the API takes.</summary>
public sealed class FlowDraft
{
    public static readonly IReadOnlyList<(int Day, string Short, string Long)> Days =
        [(1, "Lun.", "lundi"), (2, "Mar.", "mardi"), (3, "Mer.", "mercredi"), (4, "Jeu.", "jeudi"), (5, "Ven.", "vendredi"), (6, "Sam.", "samedi"), (7, "Dim.", "dimanche")];

    public string Name { get; set; } = "";
    public IReadOnlyCollection<string> Products { get; set; } = [];
    public IReadOnlyCollection<string> Departements { get; set; } = [];
    public decimal? MaxPrice { get; set; }
    /// <summary>"all", "exclusive" or "shared".</summary>
    public string Exclusivity { get; set; } = "all";
    /// <summary>0: any age.</summary>
    public int MaxConsentAgeHours { get; set; }
    /// <summary>0: any provider's score.</summary>
    public decimal MinProviderScore { get; set; }
    /// <summary>Only leads whose consent names the broker.</summary>
    public bool NamedPartnerOnly { get; set; }
    public Dictionary<string, FlowCriterionDraft> Criteria { get; } = [];
    public int? Daily { get; set; }
    public int? Weekly { get; set; }
    public int? Monthly { get; set; }
    public decimal? MonthlySpend { get; set; }
    public bool Scheduled { get; set; }
    public HashSet<int> ScheduleDays { get; set; } = [1, 2, 3, 4, 5];
    public string? From { get; set; } = "08:00";
    public string? To { get; set; } = "20:00";
    public int Priority { get; set; } = 5;
    public string? WebhookUrl { get; set; }
    public bool AutoResume { get; set; } = true;

    public FlowCriterionDraft Criterion(string name) => Criteria.TryGetValue(name, out var c) ? c : Criteria[name] = new FlowCriterionDraft();

    /// <summary>Drops the filters on attributes the chosen products no longer share.</summary>
    public void KeepCriteria(IEnumerable<FlowCriterion> available)
    {
        var names = available.Select(c => c.Name).ToHashSet();
        foreach (var name in Criteria.Keys.Where(n => !names.Contains(n)).ToList())
            Criteria.Remove(name);
    }

    public FlowRequest ToRequest()
    {
        var attributes = new Dictionary<string, FlowAttributeFilter>();
        foreach (var (name, c) in Criteria.Where(c => !c.Value.IsEmpty))
        {
            IReadOnlyList<JsonElement>? values = c.YesNo is { } yes ? [JsonSerializer.SerializeToElement(yes)]
                : c.Values.Count > 0 ? [.. c.Values.Select(v => JsonDocument.Parse(v).RootElement.Clone())] : null;
            attributes[name] = new FlowAttributeFilter(values, c.Min, c.Max);
        }
        return new FlowRequest(
            Name, [.. Products], [.. Departements], MaxPrice,
            Exclusivity switch { "exclusive" => true, "shared" => false, _ => null },
            MaxConsentAgeHours == 0 ? null : MaxConsentAgeHours, attributes,
            new FlowCaps(Daily, Weekly, Monthly, MonthlySpend),
            Scheduled ? new FlowSchedule([.. ScheduleDays.Order()], From, To) : null,
            Priority, string.IsNullOrWhiteSpace(WebhookUrl) ? null : WebhookUrl.Trim(), AutoResume,
            MinProviderScore == 0m ? null : MinProviderScore, NamedPartnerOnly);
    }

    public static FlowDraft Of(FlowSummary f)
    {
        var draft = new FlowDraft
        {
            Name = f.Name, Products = [.. f.ProductCodes], Departements = [.. f.Departements], MaxPrice = f.MaxPrice,
            Exclusivity = f.Exclusive switch { true => "exclusive", false => "shared", null => "all" },
            MaxConsentAgeHours = f.MaxConsentAgeHours ?? 0, MinProviderScore = f.MinProviderScore ?? 0m,
            NamedPartnerOnly = f.NamedPartnerOnly,
            Daily = f.Caps.Daily, Weekly = f.Caps.Weekly, Monthly = f.Caps.Monthly, MonthlySpend = f.Caps.MonthlySpend,
            Scheduled = f.Schedule is not null, Priority = f.Priority, WebhookUrl = f.WebhookUrl, AutoResume = f.AutoResume,
        };
        if (f.Schedule is { } s)
        {
            draft.ScheduleDays = [.. s.Days ?? []];
            (draft.From, draft.To) = (s.From, s.To);
        }
        foreach (var (name, filter) in f.Attributes)
        {
            var c = draft.Criterion(name);
            c.Min = filter.Min;
            c.Max = filter.Max;
            foreach (var v in filter.In ?? [])
            {
                if (v.ValueKind is JsonValueKind.True or JsonValueKind.False)
                    c.YesNo = v.GetBoolean();
                else
                    c.Values.Add(v.GetRawText());
            }
        }
        return draft;
    }

    /// <summary>"lun.–ven., 08:00–20:00" or "lun., mer., sam., 08:00–20:00" (Europe/Paris).</summary>
    public static string DescribeSchedule(FlowSchedule? schedule)
    {
        if (schedule is null)
            return "Tous les jours, à toute heure";
        var days = (schedule.Days ?? []).Order().ToList();
        var text = days.Count == 7 ? "Tous les jours"
            : days.Count > 2 && days[^1] - days[0] == days.Count - 1 ? $"Du {Days[days[0] - 1].Long} au {Days[days[^1] - 1].Long}"
            : string.Join(", ", days.Select(d => Days[d - 1].Long));
        var hours = (schedule.From, schedule.To) switch
        {
            (null, null) => "",
            (var from, null) => $", à partir de {from}",
            (null, var to) => $", jusqu'à {to}",
            var (from, to) => $", de {from} à {to}",
        };
        return text + hours;
    }

    public static string PerDay(decimal perDay) =>
        $"≈ {perDay.ToString("0.#", Fr.Culture)} lead{(perDay >= 2 ? "s" : "")} / jour";
}
