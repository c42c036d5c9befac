using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace LeadsAssurance.Domain.Catalog;

/// <summary>
/// A quick, allocation-light check that an attributes document conforms to a product schema, for the schemas our
/// catalogue writes (an object of string / number / integer / boolean properties with enum, minimum, maximum,
/// minLength, maxLength, pattern, format "date", required, additionalProperties false). It only ever answers "conforms"
/// when the document is plainly valid under every reading of those keywords; anything else (an error, a null, an
/// odd number, an unusual character, a keyword it does not know) answers "ask NJsonSchema", which then validates and
/// words the errors. So the result of <see cref="AttributeValidator"/> is the same with or without it; imports save
/// NJsonSchema's cost on the valid rows, which are most of them.
/// </summary>
internal sealed class ConformingDocuments
{
    private static readonly HashSet<string> RootKeywords = ["$schema", "type", "title", "description", "additionalProperties", "required", "properties"];
    private static readonly HashSet<string> PropertyKeywords = ["type", "title", "description", "minimum", "maximum", "enum", "format", "pattern", "minLength", "maxLength"];

    private enum Kind { String, Number, Integer, Boolean }

    private sealed record Property(Kind Kind, HashSet<string>? Enum, decimal? Minimum, decimal? Maximum, int? MinLength, int? MaxLength,
        Regex? Pattern, Regex? EcmaPattern, bool Date);

    private readonly Dictionary<string, (Property Property, int Index)> _properties;
    private readonly int[] _required;

    private ConformingDocuments(Dictionary<string, Property> properties, string[] required)
    {
        _properties = new(StringComparer.Ordinal);
        foreach (var (name, property) in properties)
            _properties[name] = (property, _properties.Count);
        _required = [.. required.Select(r => _properties[r].Index)];
    }

    private static readonly List<(string Name, DateOnly Date)> NoDates = [];

    /// <summary>The checker for a schema, or null when the schema uses anything beyond the subset above.</summary>
    public static ConformingDocuments? For(string schemaJson)
    {
        try
        {
            using var document = JsonDocument.Parse(schemaJson);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || root.EnumerateObject().Any(p => !RootKeywords.Contains(p.Name))
                || !root.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String || type.GetString() != "object"
                || !root.TryGetProperty("additionalProperties", out var additional) || additional.ValueKind != JsonValueKind.False
                || !root.TryGetProperty("properties", out var properties) || properties.ValueKind != JsonValueKind.Object)
                return null;
            var required = root.TryGetProperty("required", out var r)
                ? r.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.String ? e.GetString()! : throw new FormatException()).ToArray()
                : [];
            var compiled = new Dictionary<string, Property>(StringComparer.Ordinal);
            foreach (var p in properties.EnumerateObject())
            {
                if (Compile(p.Value) is not { } property || !compiled.TryAdd(p.Name, property))
                    return null;
            }
            return required.All(compiled.ContainsKey) ? new ConformingDocuments(compiled, required) : null;
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException or ArgumentException or OverflowException)
        {
            return null;
        }
    }

    private static Property? Compile(JsonElement p)
    {
        if (p.ValueKind != JsonValueKind.Object || p.EnumerateObject().Any(k => !PropertyKeywords.Contains(k.Name) && !k.Name.StartsWith("x-", StringComparison.Ordinal)))
            return null;
        Kind? kind = p.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() switch
        {
            "string" => Kind.String, "number" => Kind.Number, "integer" => Kind.Integer, "boolean" => Kind.Boolean, _ => null,
        } : null;
        if (kind is null)
            return null;
        HashSet<string>? values = null;
        if (p.TryGetProperty("enum", out var e))
        {
            if (kind != Kind.String || e.ValueKind != JsonValueKind.Array || e.EnumerateArray().Any(v => v.ValueKind != JsonValueKind.String))
                return null;
            values = new HashSet<string>(e.EnumerateArray().Select(v => v.GetString()!), StringComparer.Ordinal);
        }
        var date = false;
        if (p.TryGetProperty("format", out var f))
        {
            if (kind != Kind.String || f.ValueKind != JsonValueKind.String || f.GetString() != "date")
                return null;
            date = true;
        }
        Regex? pattern = null, ecma = null;
        if (p.TryGetProperty("pattern", out var re))
        {
            if (kind != Kind.String || re.ValueKind != JsonValueKind.String)
                return null;
            pattern = new Regex(re.GetString()!, RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));
            ecma = new Regex(re.GetString()!, RegexOptions.ECMAScript, TimeSpan.FromMilliseconds(100));
        }
        decimal? Number(string name) => p.TryGetProperty(name, out var n) ? n.GetDecimal() : null;
        int? Length(string name) => p.TryGetProperty(name, out var n) ? n.GetInt32() : null;
        return new Property(kind.Value, values, Number("minimum"), Number("maximum"), Length("minLength"), Length("maxLength"), pattern, ecma, date);
    }

    /// <summary>
    /// True only when <paramref name="json"/> plainly conforms; false means "not sure", never "invalid". When true,
    /// <paramref name="dates"/> holds the values of the date properties, for the rules the schema adds to dates.
    /// </summary>
    public bool Conforms(string json, out List<(string Name, DateOnly Date)> dates)
    {
        dates = NoDates;
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                return false;
            // Each name once (a duplicate is "not sure"), and every required one present; this runs for every row of an import.
            Span<bool> seen = _properties.Count <= 256 ? stackalloc bool[_properties.Count] : new bool[_properties.Count];
            foreach (var member in root.EnumerateObject())
            {
                var name = member.Name;
                if (!_properties.TryGetValue(name, out var known) || seen[known.Index] || !Conforms(member.Value, known.Property))
                    return false;
                seen[known.Index] = true;
                if (known.Property.Date)
                {
                    if (ReferenceEquals(dates, NoDates))
                        dates = [];
                    dates.Add((name, DateOnly.ParseExact(member.Value.GetString()!, "yyyy-MM-dd", CultureInfo.InvariantCulture)));
                }
            }
            foreach (var index in _required)
                if (!seen[index])
                    return false;
            return true;
        }
        catch (Exception e) when (e is JsonException or RegexMatchTimeoutException)
        {
            dates = NoDates;
            return false;
        }
    }

    private static bool Conforms(JsonElement value, Property p)
    {
        switch (p.Kind)
        {
            case Kind.Boolean:
                return value.ValueKind is JsonValueKind.True or JsonValueKind.False;
            case Kind.Integer:
            case Kind.Number:
                if (value.ValueKind != JsonValueKind.Number)
                    return false;
                var raw = value.GetRawText();
                // Plain integers and plain decimals only: exponents and huge values are left to NJsonSchema.
                if (raw.Length > 20 || raw.AsSpan().IndexOfAny("eE") >= 0 || (p.Kind == Kind.Integer && raw.Contains('.')))
                    return false;
                if (!decimal.TryParse(raw, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
                    return false;
                return (p.Minimum is not { } min || number >= min) && (p.Maximum is not { } max || number <= max);
            default:
                if (value.ValueKind != JsonValueKind.String)
                    return false;
                var text = value.GetString()!;
                // Lengths and patterns read the same in every engine for Latin text without combining marks.
                if ((p.MinLength is not null || p.MaxLength is not null || p.Pattern is not null) && text.AsSpan().ContainsAnyInRange('\u0300', '\uffff'))
                    return false;
                return (p.Enum is null || p.Enum.Contains(text))
                    && (p.MinLength is not { } minLength || text.Length >= minLength)
                    && (p.MaxLength is not { } maxLength || text.Length <= maxLength)
                    && (p.Pattern is null || (p.Pattern.IsMatch(text) && p.EcmaPattern!.IsMatch(text)))
                    && (!p.Date || (text.Length == 10 && DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _)));
        }
    }
}
