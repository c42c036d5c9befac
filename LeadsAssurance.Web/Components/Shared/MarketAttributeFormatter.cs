using System.Collections.Concurrent;
using System.Globalization;
using LeadsAssurance.Web.Components.Shared.SchemaForms;

namespace LeadsAssurance.Web.Components.Shared;

/// <summary>Turns a lead's visible attributes into a short French line: "Résidence principale · 250 000 € · …".</summary>
public static class MarketAttributeFormatter
{
    private static readonly ConcurrentDictionary<string, IReadOnlyList<SchemaField>> Fields = new();

    public static string Format(string schemaJson, IReadOnlyDictionary<string, object?> attributes)
    {
        var fields = Fields.GetOrAdd(schemaJson, SchemaField.Parse);
        var parts = new List<string>();
        foreach (var field in fields)
        {
            if (!attributes.TryGetValue(field.Name, out var value) || value is null)
                continue;
            var text = value.ToString() ?? "";
            parts.Add(field.Kind switch
            {
                SchemaFieldKind.Enum => field.EnumLabel(text),
                SchemaFieldKind.Boolean => $"{field.Title} : {(text is "True" or "true" ? "oui" : "non")}",
                SchemaFieldKind.Number or SchemaFieldKind.Integer when decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var n)
                    || decimal.TryParse(text, NumberStyles.Float, Fr.Culture, out n) =>
                    field.IsEuros ? $"{ShortTitle(field)} {n.ToString("#,##0", Fr.Culture)} €" : $"{ShortTitle(field)} {n.ToString("#,##0.##", Fr.Culture)}",
                _ => text,
            });
        }
        return string.Join(" · ", parts);
    }

    private static string ShortTitle(SchemaField field)
    {
        var title = field.Title.Replace("(€)", "").Trim();
        return title.Length > 28 ? title[..28].TrimEnd() + "…" : title;
    }
}
