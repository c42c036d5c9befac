using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace LeadsAssurance.Domain.Partners;

/// <summary>
/// The normal form under which a consent's partner names and a broker's identity are compared (the CNIL fined a
/// buyer that was not among the partners named on the collection form). Two spellings of one company give the same
/// key: case, accents and ligatures, punctuation, "&amp;" against "et", and French legal forms (SAS, SARL, ...) do not
/// count. An ORIAS registration number (8 digits, spaces allowed) found in a partner name gives its own key
/// (<see cref="OriasKey"/>), so "Assur Plus — ORIAS 12 345 678" names the broker registered 12345678.
/// </summary>
public static partial class PartnerName
{
    /// <summary>Legal forms dropped as whole words: they say how a company is organised, not which company it is.</summary>
    public static readonly IReadOnlySet<string> LegalForms = new HashSet<string>(StringComparer.Ordinal)
    {
        "sa", "sas", "sasu", "sarl", "sarlu", "eurl", "sca", "scs", "snc", "sci", "scp", "scm", "scop", "scic",
        "selarl", "selas", "selafa", "selca", "sem", "gie", "ei", "eirl",
    };

    /// <summary>Words that introduce an ORIAS number; dropped from the name when the number is found.</summary>
    private static readonly HashSet<string> OriasWords = new(StringComparer.Ordinal)
    {
        "orias", "n", "no", "num", "numero", "immatricule", "immatriculee", "immatriculation",
    };

    private const int OriasDigits = 8;

    /// <summary>The key of an ORIAS number: "orias:" and its 8 digits; null unless it has exactly 8 digits (spaces, dots allowed).</summary>
    public static string? OriasKey(string? number)
    {
        if (string.IsNullOrWhiteSpace(number))
            return null;
        var digits = new string([.. number.Where(char.IsAsciiDigit)]);
        var rest = number.Where(c => !char.IsAsciiDigit(c) && !char.IsWhiteSpace(c) && c != '.');
        return digits.Length == OriasDigits && !rest.Any() ? "orias:" + digits : null;
    }

    /// <summary>A name in normal form (words separated by one space); empty when nothing distinctive is left.</summary>
    public static string Normalize(string? name) => string.Join(' ', Words(name).Where(w => !LegalForms.Contains(w)));

    /// <summary>
    /// The keys of one partner as named in a consent: its normalised name (without the ORIAS mention) and, when it
    /// quotes one, the key of its ORIAS number.
    /// </summary>
    public static IEnumerable<string> KeysOf(string? partner)
    {
        var words = Words(partner).Where(w => !LegalForms.Contains(w)).ToList();
        string? orias = null;
        // A run of digit groups totalling exactly 8 digits: "12345678" or "12 345 678", not a 10-digit phone number.
        for (var i = 0; i < words.Count && orias is null; i++)
        {
            if (!IsNumber(words[i]))
                continue;
            var end = i;
            while (end < words.Count && IsNumber(words[end]))
                end++;
            var digits = string.Concat(words.Skip(i).Take(end - i));
            if (digits.Length == OriasDigits)
            {
                orias = "orias:" + digits;
                words.RemoveRange(i, end - i);
                words.RemoveAll(OriasWords.Contains);
            }
            i = end;
        }
        if (words.Count > 0)
            yield return string.Join(' ', words);
        if (orias is not null)
            yield return orias;
    }

    /// <summary>The keys of a consent's partners, distinct and sorted (what a lead stores for matching).</summary>
    public static string[] KeysOf(IEnumerable<string> partners) =>
        [.. partners.SelectMany(KeysOf).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    /// <summary>
    /// The keys that name a broker: his company name, each trade name he declared, and his ORIAS number; distinct and sorted.
    /// </summary>
    public static string[] BrokerKeys(string? companyName, string? oriasNumber, IEnumerable<string> tradeNames)
    {
        var keys = new List<string>();
        foreach (var name in tradeNames.Prepend(companyName ?? ""))
            if (Normalize(name) is { Length: > 0 } key)
                keys.Add(key);
        if (OriasKey(oriasNumber) is { } orias)
            keys.Add(orias);
        return [.. keys.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
    }

    /// <summary>Whether a lead whose partners gave <paramref name="partnerKeys"/> names the broker whose keys are <paramref name="brokerKeys"/>.</summary>
    public static bool Names(IReadOnlyCollection<string>? partnerKeys, IReadOnlyCollection<string>? brokerKeys) =>
        partnerKeys is { Count: > 0 } && brokerKeys is { Count: > 0 } && partnerKeys.Any(brokerKeys.Contains);

    private static bool IsNumber(string word) => word.All(char.IsAsciiDigit);

    /// <summary>Lower case, no accents or ligatures, "&amp;" as "et", dotted abbreviations joined ("S.A.S." → "sas"), other punctuation as spaces.</summary>
    private static List<string> Words(string? name)
    {
        var words = new List<string>();
        if (string.IsNullOrWhiteSpace(name))
            return words;
        var decomposed = AbbreviationDot().Replace(name, "").Normalize(NormalizationForm.FormKD);
        var word = new StringBuilder();
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark)
                continue;
            if (char.IsLetterOrDigit(c))
            {
                word.Append(Fold(c));
                continue;
            }
            Flush(words, word);
            if (c == '&')
                words.Add("et");
        }
        Flush(words, word);
        return words;
    }

    /// <summary>The dot between two single letters of an abbreviation: the first two of "S.A.S.", not the one of "Assur.Plus".</summary>
    [GeneratedRegex(@"(?<=\b\p{L})\.(?=\p{L}(\.|\b))")]
    private static partial Regex AbbreviationDot();

    private static string Fold(char c) => char.ToLowerInvariant(c) switch
    {
        'œ' => "oe",
        'æ' => "ae",
        'ß' => "ss",
        'ø' => "o",
        'đ' => "d",
        'ł' => "l",
        'ı' => "i",
        var lower => lower.ToString(),
    };

    private static void Flush(List<string> words, StringBuilder word)
    {
        if (word.Length > 0)
            words.Add(word.ToString());
        word.Clear();
    }
}
