using System.Text;

namespace LeadsAssurance.Domain.Ingestion.Csv;

/// <summary>How a file is written: its encoding and separator, as detected from its first bytes.</summary>
public sealed record CsvFormat(Encoding Encoding, char Separator)
{
    public string EncodingName => Encoding.CodePage == 1252 ? "windows-1252" : "utf-8";

    public static Encoding EncodingFromName(string name) =>
        name == "windows-1252" ? CsvSniffer.Windows1252 : new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
}

/// <summary>
/// Detects the encoding (UTF-8 with or without BOM, else Windows-1252 as French Excel writes) and the separator
/// (';', ',' or tab: the one that splits the first lines into the same number of columns), and refuses binary files.
/// </summary>
public static class CsvSniffer
{
    public static readonly Encoding Windows1252 = CreateWindows1252();
    private static readonly char[] Candidates = [';', ',', '\t'];

    private static Encoding CreateWindows1252()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(1252);
    }

    /// <summary>Reads the sample (the file's first 64 KB are plenty). Throws <see cref="CsvFormatException"/> with a French message.</summary>
    public static CsvFormat Detect(ReadOnlySpan<byte> sample)
    {
        if (sample.IsEmpty)
            throw new CsvFormatException("Le fichier est vide.");
        var controls = 0;
        foreach (var b in sample)
        {
            if (b == 0)
                throw new CsvFormatException("Ce fichier n'est pas un fichier texte CSV (contenu binaire : tableur .xlsx, image, archive ?). Enregistrez-le au format « CSV (séparateur : point-virgule) ».");
            if (b < 0x20 && b is not (byte)'\r' and not (byte)'\n' and not (byte)'\t')
                controls++;
        }
        if (controls > sample.Length / 100 + 2)
            throw new CsvFormatException("Ce fichier n'est pas un fichier texte CSV (trop de caractères de contrôle).");

        Encoding encoding;
        var text = sample;
        if (sample.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            encoding = new UTF8Encoding(false);
            text = sample[3..];
        }
        else if (IsUtf8(sample))
            encoding = new UTF8Encoding(false);
        else
            encoding = Windows1252;

        var lines = encoding.GetString(text).Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0).Take(20).ToList();
        if (lines.Count == 0)
            throw new CsvFormatException("Le fichier est vide.");
        // A line cut by the sample's end must not count.
        if (lines.Count > 1 && text.Length >= 64 * 1024)
            lines.RemoveAt(lines.Count - 1);
        var best = Candidates
            .Select(c => (Separator: c, Counts: lines.Select(l => CountOutsideQuotes(l, c)).ToList()))
            .Where(x => x.Counts[0] > 0)
            .Select(x => (x.Separator, Header: x.Counts[0], Consistent: x.Counts.Count(n => n == x.Counts[0])))
            .OrderByDescending(x => x.Consistent).ThenByDescending(x => x.Header).ThenBy(x => Array.IndexOf(Candidates, x.Separator))
            .FirstOrDefault();
        return new CsvFormat(encoding, best == default ? ';' : best.Separator);
    }

    private static bool IsUtf8(ReadOnlySpan<byte> sample)
    {
        // A multi-byte sequence may be cut at the end of the sample: ignore up to 3 trailing bytes.
        for (var cut = 0; cut <= Math.Min(3, sample.Length - 1); cut++)
            if (System.Text.Unicode.Utf8.IsValid(sample[..^cut]))
                return true;
        return false;
    }

    private static int CountOutsideQuotes(string line, char separator)
    {
        var count = 0;
        var quoted = false;
        foreach (var c in line)
        {
            if (c == '"')
                quoted = !quoted;
            else if (c == separator && !quoted)
                count++;
        }
        return count;
    }
}

public sealed class CsvFormatException(string message) : Exception(message);
