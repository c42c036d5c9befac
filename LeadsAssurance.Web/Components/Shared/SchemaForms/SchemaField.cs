using System.Text.Json.Nodes;

namespace LeadsAssurance.Web.Components.Shared.SchemaForms;

public enum SchemaFieldKind { Text, Number, Integer, Boolean, Enum, Date }

/// <summary>One property of a product schema, as the form renders and checks it.</summary>
public sealed record SchemaField(
    string Name, SchemaFieldKind Kind, string Title, string? Description, bool Required,
    decimal? Minimum, decimal? Maximum, int? MinLength, int? MaxLength, string? Pattern, string? PatternMessage,
    IReadOnlyList<string> EnumValues, IReadOnlyList<string> EnumNames, IDictionary<string, object?> Extensions)
{
    public bool IsEuros => Title.Contains("(€)", StringComparison.Ordinal);

    public string EnumLabel(string value)
    {
        var index = EnumValues.ToList().IndexOf(value);
        return index >= 0 && index < EnumNames.Count ? EnumNames[index] : value;
    }

    private static int? SchemaRulesOrder(SchemaField f) =>
        f.Extensions.TryGetValue("x-order", out var o) && int.TryParse(o?.ToString(), out var n) ? n : null;

    /// <summary>Reads the properties of a schema in display order. Unknown types are shown as text.</summary>
    public static IReadOnlyList<SchemaField> Parse(string schemaJson)
    {
        var schema = JsonNode.Parse(schemaJson)?.AsObject() ?? [];
        var required = schema["required"]?.AsArray().Select(n => n!.GetValue<string>()).ToHashSet() ?? [];
        var fields = new List<SchemaField>();
        foreach (var (name, node) in schema["properties"]?.AsObject() ?? [])
        {
            if (node is not JsonObject p)
                continue;
            var enumValues = p["enum"]?.AsArray().Select(v => v!.ToString()).ToList() ?? [];
            var kind = enumValues.Count > 0 ? SchemaFieldKind.Enum : (p["type"]?.GetValue<string>(), p["format"]?.GetValue<string>()) switch
            {
                ("number", _) => SchemaFieldKind.Number,
                ("integer", _) => SchemaFieldKind.Integer,
                ("boolean", _) => SchemaFieldKind.Boolean,
                ("string", "date") => SchemaFieldKind.Date,
                _ => SchemaFieldKind.Text,
            };
            var extensions = p.Where(kv => kv.Key.StartsWith("x-", StringComparison.Ordinal))
                .ToDictionary(kv => kv.Key, kv => (object?)kv.Value?.ToString());
            fields.Add(new SchemaField(
                name, kind, p["title"]?.GetValue<string>() ?? name, p["description"]?.GetValue<string>(), required.Contains(name),
                p["minimum"]?.GetValue<decimal>(), p["maximum"]?.GetValue<decimal>(),
                p["minLength"]?.GetValue<int>(), p["maxLength"]?.GetValue<int>(),
                p["pattern"]?.GetValue<string>(), p["x-patternMessage"]?.GetValue<string>(),
                enumValues, p["x-enumNames"]?.AsArray().Select(v => v!.ToString()).ToList() ?? [], extensions));
        }
        // jsonb (where schemas are stored) sorts keys its own way: "x-order" carries the intended order.
        return [.. fields.Select((f, i) => (f, i))
            .OrderBy(x => SchemaRulesOrder(x.f) ?? int.MaxValue).ThenBy(x => x.i).Select(x => x.f)];
    }
}
