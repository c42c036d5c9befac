using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using LeadsAssurance.Domain.Catalog;
using LeadsAssurance.Domain.Leads;

namespace LeadsAssurance.Domain.Flows;

/// <summary>
/// Checks a <see cref="FlowRequest"/> field by field, with French messages keyed as the API's fields are
/// (<c>caps.daily</c>, <c>attributes.regime</c>); attribute filters are checked against the products' schemas: only
/// their "x-market" attributes (the ones the market shows) may be filtered on, an enumeration by values of its list, a
/// number by a range.
/// </summary>
public static class FlowValidator
{
    public const int MaxConsentAgeHours = 30 * 24;

    public static (FlowDefinition? Definition, Dictionary<string, string[]> Errors) Validate(FlowRequest r, IReadOnlyList<ProductSummary> catalogue)
    {
        var errors = new Dictionary<string, List<string>>();
        void Add(string field, string message) => (errors.TryGetValue(field, out var l) ? l : errors[field] = []).Add(message);

        var name = r.Name?.Trim() ?? "";
        if (name.Length == 0)
            Add("name", "Le nom du flux est obligatoire.");
        else if (name.Length > 100)
            Add("name", "Le nom du flux compte 100 caractères au plus.");

        var codes = (r.ProductCodes ?? []).Select(c => c?.Trim().ToUpperInvariant() ?? "").Distinct().ToList();
        var products = new List<ProductSummary>();
        if (codes.Count == 0)
            Add("productCodes", "Choisissez au moins un produit.");
        foreach (var code in codes)
        {
            if (catalogue.FirstOrDefault(p => p.Code == code && p.IsActive) is { } product)
                products.Add(product);
            else
                Add("productCodes", $"Produit inconnu : « {code} ».");
        }

        var departements = (r.Departements ?? []).Select(d => d?.Trim().ToUpperInvariant() ?? "").Distinct().ToList();
        foreach (var d in departements.Where(d => !Departements.Names.ContainsKey(d)))
            Add("departements", $"Département inconnu : « {d} ».");

        if (r.MaxPrice is { } maxPrice && (maxPrice <= 0 || maxPrice > 10_000m || decimal.Round(maxPrice, 2) != maxPrice))
            Add("maxPrice", "Le prix maximum doit être compris entre 0,01 € et 10 000 €, au centime près.");
        if (r.MaxConsentAgeHours is { } hours && hours is < 1 or > MaxConsentAgeHours)
            Add("maxConsentAgeHours", $"L'âge maximum du consentement doit être compris entre 1 et {MaxConsentAgeHours} heures (30 jours).");

        if (r.MinProviderScore is { } minScore && (minScore is < 0 or > 5 || decimal.Round(minScore, 1) != minScore))
            Add("minProviderScore", "La note minimale de l'apporteur va de 0 à 5, à une décimale près (par exemple 4 ou 3,5).");

        var filters = ValidateAttributes(r.Attributes, products, Add);

        var caps = r.Caps ?? new FlowCaps();
        foreach (var (field, value, label) in new[] { ("caps.daily", caps.Daily, "jour"), ("caps.weekly", caps.Weekly, "semaine"), ("caps.monthly", caps.Monthly, "mois") })
            if (value is { } n && n is < 1 or > 1_000_000)
                Add(field, $"Le plafond par {label} doit être un nombre de leads entre 1 et 1 000 000.");
        if (caps.MonthlySpend is { } spend && (spend <= 0 || spend > 10_000_000m || decimal.Round(spend, 2) != spend))
            Add("caps.monthlySpend", "Le budget mensuel doit être positif, au centime près (10 000 000 € au plus).");

        int[]? days = null;
        TimeOnly? from = null, to = null;
        if (r.Schedule is { } schedule)
        {
            days = [.. (schedule.Days ?? []).Distinct().Order()];
            if (days.Length == 0)
                Add("schedule.days", "Choisissez au moins un jour (1 = lundi … 7 = dimanche).");
            else if (days.Any(d => d is < 1 or > 7))
                Add("schedule.days", "Les jours vont de 1 (lundi) à 7 (dimanche).");
            from = Time(schedule.From, "schedule.from", Add);
            to = Time(schedule.To, "schedule.to", Add);
            if (from is not null && from == to)
                Add("schedule.to", "L'heure de fin doit différer de l'heure de début.");
        }

        if (r.Priority is { } priority && priority is < 1 or > 10)
            Add("priority", "La priorité va de 1 à 10 (10 passe en premier).");

        string? webhook = null;
        if (!string.IsNullOrWhiteSpace(r.WebhookUrl))
        {
            webhook = r.WebhookUrl.Trim();
            if (webhook.Length > 2000 || !Uri.TryCreate(webhook, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
                || string.IsNullOrEmpty(uri.Host) || !string.IsNullOrEmpty(uri.UserInfo))
                Add("webhookUrl", "L'URL du webhook doit être une adresse http:// ou https:// complète (2 000 caractères au plus).");
        }

        if (errors.Count > 0)
            return (null, errors.ToDictionary(e => e.Key, e => e.Value.ToArray()));
        return (new FlowDefinition(name, codes, departements, r.MaxPrice, r.Exclusive, r.MaxConsentAgeHours, filters,
            caps.Daily, caps.Weekly, caps.Monthly, caps.MonthlySpend, days, from, to, r.Priority ?? 5, webhook, r.AutoResume ?? false, r.MinProviderScore,
            r.NamedPartnerOnly ?? false), []);
    }

    /// <summary>A JSON value compared by meaning, not spelling ("\u00e9" is "é", 1.0 is 1).</summary>
    private static string Key(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => "s:" + value.GetString(),
        JsonValueKind.Number => value.TryGetDecimal(out var d) ? "n:" + d.ToString("G29", CultureInfo.InvariantCulture) : value.GetRawText(),
        _ => value.ValueKind.ToString(),
    };

    private static TimeOnly? Time(string? text, string field, Action<string, string> add)
    {
        if (string.IsNullOrWhiteSpace(text))
            return null;
        if (TimeOnly.TryParseExact(text.Trim(), "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var t))
            return t;
        add(field, "Heure invalide (format attendu : HH:mm, par exemple 08:30).");
        return null;
    }

    /// <summary>The filters as stored (<c>{ field: { in, min, max } }</c>), valid for every chosen product's schema.</summary>
    private static string ValidateAttributes(IReadOnlyDictionary<string, FlowAttributeFilter>? attributes, List<ProductSummary> products, Action<string, string> add)
    {
        var stored = new JsonObject();
        if (attributes is null || attributes.Count == 0)
            return stored.ToJsonString();
        var schemas = products.Select(p => (p.Label, Properties: JsonNode.Parse(p.AttributesSchema)?["properties"] as JsonObject)).ToList();
        foreach (var (field, filter) in attributes)
        {
            var key = $"attributes.{field}";
            if (filter is null || (filter.In is null && filter.Min is null && filter.Max is null))
            {
                add(key, "Indiquez des valeurs (in) ou un intervalle (min, max).");
                continue;
            }
            var condition = new JsonObject();
            var ok = true;
            void Bad(string message)
            {
                add(key, message);
                ok = false;
            }
            foreach (var (label, properties) in schemas)
            {
                var property = properties?[field];
                if (property is null || property["x-market"]?.GetValueKind() != JsonValueKind.True)
                {
                    Bad($"« {field} » n'est pas un critère filtrable du produit « {label} ».");
                    continue;
                }
                var type = property["type"]?.GetValue<string>();
                var title = property["title"]?.GetValue<string>() ?? field;
                if (filter.In is not null)
                {
                    HashSet<string>? allowed = null;
                    if (property["enum"] is JsonArray e)
                    {
                        using var list = JsonDocument.Parse(e.ToJsonString());
                        allowed = [.. list.RootElement.EnumerateArray().Select(Key)];
                    }
                    if (filter.In.Count == 0)
                        Bad($"« {title} » : choisissez au moins une valeur.");
                    else if (allowed is null && type != "boolean")
                        Bad($"« {title} » n'est pas une liste de valeurs : filtrez-le par intervalle (min, max).");
                    else
                        foreach (var value in filter.In)
                        {
                            var valid = type == "boolean" ? value.ValueKind is JsonValueKind.True or JsonValueKind.False : allowed!.Contains(Key(value));
                            if (!valid)
                                Bad($"« {title} » : la valeur {value.GetRawText()} n'existe pas pour le produit « {label} ».");
                        }
                }
                if (filter.Min is not null || filter.Max is not null)
                {
                    if (type is not ("number" or "integer"))
                        Bad($"« {title} » n'est pas un nombre : filtrez-le par valeurs (in).");
                    else if (filter.Min > filter.Max)
                        Bad($"« {title} » : le minimum dépasse le maximum.");
                }
            }
            if (!ok)
                continue;
            if (filter.In is not null)
                condition["in"] = new JsonArray([.. filter.In.Select(v => JsonNode.Parse(v.GetRawText()))]);
            if (filter.Min is { } min)
                condition["min"] = min;
            if (filter.Max is { } max)
                condition["max"] = max;
            stored[field] = condition;
        }
        return stored.ToJsonString();
    }
}
