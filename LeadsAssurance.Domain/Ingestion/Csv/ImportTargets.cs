using System.Text.Json.Nodes;
using LeadsAssurance.Domain.Leads;

namespace LeadsAssurance.Domain.Ingestion.Csv;

public enum TargetKind
{
    Text,
    Integer,
    Number,
    Boolean,
    Date,
    DateTime,
    Enum,
    List,
}

/// <summary>A field a CSV column can fill: a contact field, a consent field or one of the product's attributes.</summary>
public sealed record ImportTarget(string Key, string Label, bool Required, TargetKind Kind, string[] Synonyms,
    IReadOnlyList<(string Value, string Label)>? Options = null)
{
    public bool IsAttribute => Key.StartsWith("attributes.", StringComparison.Ordinal);
    public string AttributeName => Key["attributes.".Length..];
}

/// <summary>The fields of an import for one product, and the automatic matching of CSV headers to them.</summary>
public static class ImportTargets
{
    private static readonly ImportTarget[] Common =
    [
        new("firstName", "Prénom", true, TargetKind.Text, ["prenom", "firstname", "first name", "prenom du contact"]),
        new("lastName", "Nom", true, TargetKind.Text, ["nom", "lastname", "last name", "nom de famille", "name"]),
        new("phone", "Téléphone", true, TargetKind.Text, ["telephone", "tel", "phone", "mobile", "portable", "numero", "numero de telephone"]),
        new("email", "E-mail", true, TargetKind.Text, ["email", "e mail", "mail", "courriel", "adresse e mail", "adresse email"]),
        new("zipCode", "Code postal", true, TargetKind.Text, ["code postal", "cp", "zip", "zipcode", "zip code", "codepostal"]),
        new("city", "Ville", false, TargetKind.Text, ["ville", "city", "commune", "localite"]),
        new("exclusive", "Exclusif (oui/non)", false, TargetKind.Boolean, ["exclusif", "exclusive", "exclusivite"]),
        new("consent.text", "Texte du consentement", true, TargetKind.Text, ["consentement", "texte consentement", "texte du consentement", "consent", "consent text"]),
        new("consent.textVersion", "Version du texte", true, TargetKind.Text, ["version", "version consentement", "version du texte", "text version"]),
        new("consent.capturedAt", "Date du consentement", true, TargetKind.DateTime, ["date consentement", "date du consentement", "date de recueil", "date recueil", "captured at", "date optin", "date opt in", "horodatage"]),
        new("consent.ipAddress", "Adresse IP", true, TargetKind.Text, ["ip", "adresse ip", "ip address"]),
        new("consent.userAgent", "Navigateur (user agent)", true, TargetKind.Text, ["user agent", "useragent", "navigateur"]),
        new("consent.sourceUrl", "Page de recueil (URL)", true, TargetKind.Text, ["url", "source", "page", "url source", "source url", "page de recueil"]),
        new("consent.partners", "Partenaires (séparés par |)", true, TargetKind.List, ["partenaires", "partners", "partenaire"]),
        new("consent.checkboxUncheckedByDefault", "Case non cochée par défaut (oui/non)", false, TargetKind.Boolean,
            ["case non cochee par defaut", "case decochee par defaut", "case non cochee", "checkbox unchecked by default", "checkboxuncheckedbydefault"]),
    ];

    /// <summary>Contact and consent fields, then the product's attributes in the questionnaire's order.</summary>
    public static IReadOnlyList<ImportTarget> For(string schemaJson)
    {
        var schema = JsonNode.Parse(schemaJson)!.AsObject();
        var required = (schema["required"]?.AsArray() ?? []).Select(n => n!.GetValue<string>()).ToHashSet();
        var attributes = (schema["properties"]?.AsObject() ?? [])
            .OrderBy(p => p.Value?["x-order"]?.GetValue<int>() ?? 999)
            .Select(p =>
            {
                var node = p.Value!.AsObject();
                var title = node["title"]?.GetValue<string>() ?? p.Key;
                var type = node["type"]?.GetValue<string>();
                var kind = node["enum"] is not null ? TargetKind.Enum
                    : node["format"]?.GetValue<string>() == "date" ? TargetKind.Date
                    : type switch { "integer" => TargetKind.Integer, "number" => TargetKind.Number, "boolean" => TargetKind.Boolean, _ => TargetKind.Text };
                var options = node["enum"]?.AsArray().Select((v, i) => (v!.ToString(), node["x-enumNames"]?[i]?.GetValue<string>() ?? v!.ToString())).ToList();
                return new ImportTarget($"attributes.{p.Key}", title, required.Contains(p.Key), kind, [PostalCodes.Normalize(p.Key).ToLowerInvariant(), PostalCodes.Normalize(title).ToLowerInvariant()], options);
            });
        return [.. Common, .. attributes];
    }

    /// <summary>Header → target key for the headers that match a target's name or synonyms (each target used once).</summary>
    public static Dictionary<string, string> Suggest(IReadOnlyList<string> headers, IReadOnlyList<ImportTarget> targets)
    {
        var mapping = new Dictionary<string, string>();
        var used = new HashSet<string>();
        // Exact names first, then a header that starts a longer field title ("Date de naissance" for
        // "Date de naissance de l'assuré principal") or the reverse.
        foreach (var exact in new[] { true, false })
        {
            foreach (var header in headers.Where(h => !mapping.ContainsKey(h)))
            {
                var key = Key(header);
                var target = targets.FirstOrDefault(t => !used.Contains(t.Key) && (exact
                    ? Key(t.Key) == key || Key(t.Label) == key || t.Synonyms.Any(s => Key(s) == key)
                    : key.Length >= 6 && (Key(t.Label).StartsWith(key, StringComparison.Ordinal) || key.StartsWith(Key(t.Label), StringComparison.Ordinal))));
                if (target is null)
                    continue;
                mapping[header] = target.Key;
                used.Add(target.Key);
            }
        }
        return mapping;
    }

    /// <summary>The required targets no column fills.</summary>
    public static IReadOnlyList<ImportTarget> Missing(IReadOnlyDictionary<string, string> mapping, IReadOnlyList<ImportTarget> targets)
    {
        var mapped = mapping.Values.ToHashSet();
        return [.. targets.Where(t => t.Required && !mapped.Contains(t.Key))];
    }

    private static string Key(string s) => PostalCodes.Normalize(s.Replace('_', ' ').Replace('.', ' ')).Replace(" ", "");
}
