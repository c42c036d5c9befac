using System.Globalization;
using System.Text.Json.Nodes;
using LeadsAssurance.Domain.Leads;

namespace LeadsAssurance.Domain.Ingestion.Csv;

/// <summary>
/// Turns one CSV record into a <see cref="LeadSubmission"/>, reading French formats: dates dd/MM/yyyy (or ISO),
/// consent times dd/MM/yyyy HH:mm[:ss] in Europe/Paris (or ISO 8601 with offset), decimal commas and spaced thousands,
/// oui/non, enum values by code or French label. What cannot be read is reported per field, in French.
/// One instance per import, used by one thread at a time.
/// </summary>
public sealed class CsvRowConverter
{
    private static readonly string[] DateFormats = ["dd/MM/yyyy", "d/M/yyyy", "yyyy-MM-dd", "dd-MM-yyyy", "dd.MM.yyyy"];
    private static readonly string[] DateTimeFormats = ["dd/MM/yyyy HH:mm:ss", "dd/MM/yyyy HH:mm", "d/M/yyyy H:mm", "d/M/yyyy H:mm:ss", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm", "dd/MM/yyyy"];

    private readonly string _productCode;
    private readonly Dictionary<string, Dictionary<string, string>> _enumKeys;
    // A column of an export holds a handful of distinct enum cells ("Régime général", "Couple"…): each is normalised
    // (Unicode decomposition, a call into ICU) once, not once per row. Bounded, in case a column holds free text.
    private readonly Dictionary<(string Key, string Raw), string?> _enumCells = [];
    private const int MaxCachedEnumCells = 10_000;
    private readonly (int Column, ImportTarget Target, int Slot)[] _columns;
    // The common fields a row's text cells go to, by slot (an array per row rather than a dictionary).
    private static readonly string[] Slots =
        ["firstName", "lastName", "phone", "email", "zipCode", "city", "consent.text", "consent.textVersion", "consent.ipAddress", "consent.userAgent", "consent.sourceUrl"];
    private readonly int _width;

    public CsvRowConverter(string productCode, IReadOnlyList<string> headers, IReadOnlyDictionary<string, string> mapping, IReadOnlyList<ImportTarget> targets)
    {
        _productCode = productCode;
        _width = headers.Count;
        var byKey = targets.ToDictionary(t => t.Key);
        _columns = [.. headers.Select((h, i) => (i, mapping.TryGetValue(h, out var key) && byKey.TryGetValue(key, out var t) ? t : null))
            .Where(x => x.Item2 is not null).Select(x => (x.i, x.Item2!, Array.IndexOf(Slots, x.Item2!.Key)))];
        // Normalised code and label → code, once per import rather than once per cell.
        _enumKeys = targets.Where(t => t.Options is not null).ToDictionary(t => t.Key, t =>
        {
            var keys = new Dictionary<string, string>();
            foreach (var (value, label) in t.Options!)
            {
                keys.TryAdd(PostalCodes.Normalize(value), value);
                keys.TryAdd(PostalCodes.Normalize(label), value);
            }
            return keys;
        });
    }

    public (LeadSubmission Submission, Dictionary<string, string[]> Errors) Convert(string[] fields)
    {
        var errors = new Dictionary<string, string[]>();
        if (fields.Length != _width)
            errors["ligne"] = [$"La ligne a {fields.Length} colonne(s) au lieu de {_width} (séparateur ou guillemet en trop ?)."];
        var values = new string?[Slots.Length];
        var attributes = new JsonObject();
        bool? exclusive = null;
        DateTimeOffset? capturedAt = null;
        List<string>? partners = null;
        bool? uncheckedByDefault = null;
        foreach (var (column, target, slot) in _columns)
        {
            var raw = column < fields.Length ? fields[column].Trim() : "";
            if (raw.Length == 0)
                continue;
            switch (target.Key)
            {
                case "exclusive":
                    if (Bool(raw) is { } b) exclusive = b;
                    else errors[target.Key] = [$"« {raw} » : oui ou non attendu."];
                    break;
                case "consent.capturedAt":
                    if (Moment(raw) is { } at) capturedAt = at;
                    else errors[target.Key] = [$"Date invalide : « {raw} » (format attendu jj/mm/aaaa hh:mm, heure de Paris)."];
                    break;
                case "consent.checkboxUncheckedByDefault":
                    if (Bool(raw) is { } unticked) uncheckedByDefault = unticked;
                    else errors[target.Key] = [$"« {raw} » : oui ou non attendu."];
                    break;
                case "consent.partners":
                    partners = [.. raw.Split(['|', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
                    break;
                default:
                    if (target.IsAttribute)
                    {
                        var (node, error) = target.Kind == TargetKind.Enum ? EnumValue(raw, target) : Attribute(raw, target);
                        if (error is not null) errors[target.Key] = [error];
                        else attributes[target.AttributeName] = node;
                    }
                    else if (slot >= 0)
                        values[slot] = raw;
                    break;
            }
        }
        // A page snapshot (HTML) does not travel in a CSV cell: the API carries it.
        var consent = new ConsentSubmission(values[6], values[7], capturedAt, values[8], values[9], values[10], partners, uncheckedByDefault);
        return (new LeadSubmission(_productCode, values[0], values[1], values[2], values[3], values[4], values[5], attributes, exclusive, consent), errors);
    }

    private (JsonNode? Node, string? Error) EnumValue(string raw, ImportTarget target)
    {
        if (!_enumCells.TryGetValue((target.Key, raw), out var code))
        {
            code = _enumKeys[target.Key].GetValueOrDefault(PostalCodes.Normalize(raw));
            if (_enumCells.Count < MaxCachedEnumCells)
                _enumCells[(target.Key, raw)] = code;
        }
        return code is not null ? (JsonValue.Create(code), null)
            : (null, $"« {raw} » n'est pas une valeur possible ({string.Join(", ", target.Options!.Select(o => o.Label))}).");
    }

    private static (JsonNode? Node, string? Error) Attribute(string raw, ImportTarget target)
    {
        switch (target.Kind)
        {
            case TargetKind.Integer:
                return long.TryParse(raw.Replace(" ", "").Replace("\u00a0", "").Replace("\u202f", ""), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n)
                    ? (JsonValue.Create(n), null) : (null, $"« {raw} » : nombre entier attendu.");
            case TargetKind.Number:
                return Decimal(raw) is { } d ? (JsonValue.Create(d), null) : (null, $"« {raw} » : nombre attendu (ex. 1 234,50).");
            case TargetKind.Boolean:
                return Bool(raw) is { } b ? (JsonValue.Create(b), null) : (null, $"« {raw} » : oui ou non attendu.");
            case TargetKind.Date:
                return DateOnly.TryParseExact(raw, DateFormats, France.Culture, DateTimeStyles.None, out var date)
                    ? (JsonValue.Create(date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), null)
                    : (null, $"Date invalide : « {raw} » (format attendu jj/mm/aaaa).");
            default:
                return (JsonValue.Create(raw), null);
        }
    }

    private static decimal? Decimal(string raw)
    {
        var s = raw.Replace(" ", "").Replace("\u00a0", "").Replace("\u202f", "").Replace("€", "");
        if (s.Contains(',') && s.Contains('.'))
            s = s.Replace(".", "");
        s = s.Replace(',', '.');
        return decimal.TryParse(s, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var d) ? d : null;
    }

    private static bool? Bool(string raw) => PostalCodes.Normalize(raw) switch
    {
        "OUI" or "O" or "VRAI" or "1" or "X" or "TRUE" or "YES" => true,
        "NON" or "N" or "FAUX" or "0" or "FALSE" or "NO" => false,
        _ => null,
    };

    private static DateTimeOffset? Moment(string raw)
    {
        if (raw.Contains('T') && DateTimeOffset.TryParse(raw, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var iso))
            return iso;
        if (!DateTime.TryParseExact(raw, DateTimeFormats, France.Culture, DateTimeStyles.None, out var local))
            return null;
        if (France.Paris.IsInvalidTime(local))
            return null;
        return new DateTimeOffset(local, France.Paris.GetUtcOffset(local));
    }
}
