namespace LeadsAssurance.Domain.Catalog;

/// <summary>The date rules our schemas add to JSON Schema, shared by the form (client side of the circuit) and the server.</summary>
public static class SchemaRules
{
    public static IEnumerable<string> CheckDate(IDictionary<string, object?>? extensions, DateOnly date, DateOnly today)
    {
        if (extensions is null)
            yield break;
        if (ReadInt(extensions, "x-minAge") is { } minAge && date > today.AddYears(-minAge))
            yield return $"L'âge minimum est de {minAge} ans.";
        if (ReadInt(extensions, "x-maxAge") is { } maxAge && date <= today.AddYears(-maxAge - 1))
            yield return $"L'âge maximum est de {maxAge} ans.";
        if (extensions.TryGetValue("x-dateRange", out var range) && range as string == "future" && date < today)
            yield return "La date doit être aujourd'hui ou plus tard.";
        if (ReadInt(extensions, "x-maxDaysAhead") is { } days && date > today.AddDays(days))
            yield return $"La date doit être dans les {days} prochains jours.";
    }

    public static int? ReadInt(IDictionary<string, object?> extensions, string key) =>
        extensions.TryGetValue(key, out var v) && v is not null && int.TryParse(Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture), out var n)
            ? n
            : null;
}
