using System.Collections.Frozen;
using System.Globalization;
using System.Text;

namespace LeadsAssurance.Domain.Leads;

/// <summary>A commune served by a postal code, and its département (from the INSEE code: "2A004" → 2A, "97411" → 974).</summary>
public sealed record Commune(string InseeCode, string Name, string Departement);

/// <summary>The outcome of checking a postal code and a city against the official list.</summary>
public sealed record PostalAddress(string ZipCode, string City, string Departement);

/// <summary>
/// The official list of French postal codes (La Poste / Base Adresse Nationale, 6,201 codes, 35,684 communes, Corsica
/// and overseas included), embedded from Leads/Data/postal-codes.tsv (see its licence file). Answers whether a zip
/// exists, which communes it serves, and fills or checks the city.
/// </summary>
public static class PostalCodes
{
    private sealed record Entry(Commune Commune, string Key, string? RoutingKey);

    private static readonly Lazy<FrozenDictionary<string, Entry[]>> ByZip = new(Load);

    /// <summary>
    /// Checks the zip code and the city. An empty city is filled when the zip serves one commune (or with the
    /// routing name shared by all of them, e.g. "Lyon" for 69003); a given city must be one of the zip's communes,
    /// compared without accents, case, hyphens or "St"/"Saint" differences. Returns null and a French message otherwise.
    /// </summary>
    public static PostalAddress? Resolve(string zip, string? city, out string? error)
    {
        error = null;
        if (zip.Length != 5 || !zip.All(char.IsAsciiDigit))
        {
            error = "Code postal invalide : 5 chiffres attendus.";
            return null;
        }
        if (!ByZip.Value.TryGetValue(zip, out var entries))
        {
            error = $"Le code postal {zip} n'existe pas.";
            return null;
        }
        if (string.IsNullOrWhiteSpace(city))
        {
            if (entries.Length == 1)
                return new PostalAddress(zip, entries[0].Commune.Name, entries[0].Commune.Departement);
            var routing = entries.Select(e => e.RoutingKey ?? e.Key).Distinct().ToList();
            if (routing.Count == 1 && entries.Select(e => e.Commune.Departement).Distinct().Count() == 1)
                return new PostalAddress(zip, ToTitle(routing[0]), entries[0].Commune.Departement);
            error = $"Précisez la ville : le code postal {zip} dessert plusieurs communes ({Sample(entries)}).";
            return null;
        }
        var key = Normalize(city);
        var match = entries.FirstOrDefault(e => e.Key == key) ?? entries.FirstOrDefault(e => e.RoutingKey == key);
        if (match is null)
        {
            error = $"La ville « {city.Trim()} » ne correspond pas au code postal {zip} ({Sample(entries)}).";
            return null;
        }
        // A routing name ("LYON") keeps the provider's spelling; a commune name takes the official one.
        return new PostalAddress(zip, match.Key == key ? match.Commune.Name : city.Trim(), match.Commune.Departement);
    }

    /// <summary>Upper case, no accents, "ST"/"STE" spelled out, every other non-alphanumeric run as one space.</summary>
    public static string Normalize(string value)
    {
        var decomposed = value.Trim().Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder(decomposed.Length);
        var space = false;
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
                continue;
            if (char.IsAsciiLetterOrDigit(c))
            {
                if (space && sb.Length > 0)
                    sb.Append(' ');
                sb.Append(char.ToUpperInvariant(c));
                space = false;
            }
            else
            {
                space = true;
            }
        }
        var words = sb.ToString().Split(' ').Select(w => w switch { "ST" => "SAINT", "STE" => "SAINTE", _ => w });
        return string.Join(' ', words);
    }

    private static string Sample(Entry[] entries)
    {
        var names = entries.Select(e => e.Commune.Name).Distinct().ToList();
        return names.Count <= 4 ? string.Join(", ", names) : string.Join(", ", names.Take(4)) + $" et {names.Count - 4} autre(s)";
    }

    private static string ToTitle(string key) =>
        CultureInfo.GetCultureInfo("fr-FR").TextInfo.ToTitleCase(key.ToLowerInvariant());

    private static string DepartementOf(string insee) => insee switch
    {
        ['2', 'A' or 'B', ..] => insee[..2],
        ['9', '7' or '8', ..] => insee[..3],
        _ => insee[..2],
    };

    private static FrozenDictionary<string, Entry[]> Load()
    {
        using var stream = typeof(PostalCodes).Assembly.GetManifestResourceStream("LeadsAssurance.Leads.postal-codes.tsv")
            ?? throw new InvalidOperationException("The postal code list is missing from the assembly.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var map = new Dictionary<string, List<Entry>>(6500);
        while (reader.ReadLine() is { } line)
        {
            var parts = line.Split('\t');
            if (parts.Length < 3)
                continue;
            var commune = new Commune(parts[1], parts[2], DepartementOf(parts[1]));
            var entry = new Entry(commune, Normalize(parts[2]), parts.Length > 3 ? Normalize(parts[3]) : null);
            if (!map.TryGetValue(parts[0], out var list))
                map[parts[0]] = list = [];
            list.Add(entry);
        }
        return map.ToFrozenDictionary(kv => kv.Key, kv => kv.Value.ToArray());
    }
}
