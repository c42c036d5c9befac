using System.Net.Mail;
using LeadsAssurance.Domain.Leads;

namespace LeadsAssurance.Domain.Privacy.Opposition;

/// <summary>
/// Reads an opposition list as people send them: the Bloctel extract (one number per line, "0612345678" or
/// "33612345678"), or any CSV/TXT whose cells, separated by ';', ',', tab or '|', hold phones and e-mail addresses in
/// any usual French form ("06 12 34 56 78", "+33 6 12 34 56 78"). A cell with an '@' is an e-mail, a cell with nine
/// digits or more a phone; other cells (headers, names, dates) are ignored. Line by line: the file is never held whole.
/// </summary>
public static class OppositionFile
{
    private static readonly char[] Separators = [';', ',', '\t', '|'];

    /// <summary>A contact read from a cell: its kind and normalised value, or null with the cell when it was malformed.</summary>
    public readonly record struct Cell(ContactKind Kind, string? Value, string Raw);

    /// <summary>The contact-like cells of one line, normalised; an invalid one has a null value.</summary>
    public static IEnumerable<Cell> Read(string line)
    {
        foreach (var part in line.Split(Separators))
        {
            var raw = part.Trim().Trim('"').Trim();
            if (raw.Length == 0)
                continue;
            if (raw.Contains('@'))
                yield return new Cell(ContactKind.Email, Email(raw), raw);
            else if (Digits(raw) >= 9)
                yield return new Cell(ContactKind.Phone, Phone(raw), raw);
        }
    }

    /// <summary>An e-mail address lower-cased as ingestion stores it; null when malformed.</summary>
    public static string? Email(string raw) =>
        raw.Length <= 254 && MailAddress.TryCreate(raw, null, System.Text.Encoding.UTF8, out var address) && address.Address == raw
            && address.Host.Contains('.') && !address.Host.EndsWith('.')
            ? raw.ToLowerInvariant()
            : null;

    /// <summary>A French phone in E.164 as ingestion stores it; Bloctel's "33…" form (no plus sign) is read as international.</summary>
    public static string? Phone(string raw)
    {
        var compact = raw.Replace(" ", "").Replace(".", "").Replace("-", "");
        if (compact.Length == 11 && compact.StartsWith("33", StringComparison.Ordinal))
            compact = "+" + compact;
        return FrenchPhone.Normalize(compact, out _);
    }

    private static int Digits(string s)
    {
        var n = 0;
        foreach (var c in s)
            if (char.IsAsciiDigit(c))
                n++;
        return n;
    }
}
