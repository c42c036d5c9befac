namespace LeadsAssurance.Domain.Documents;

/// <summary>
/// CSV as French Excel reads it: <c>;</c>-separated, UTF-8 with a BOM, and no cell a spreadsheet would run as a formula
/// (a leading = + - @ tab or carriage return gets an apostrophe, which Excel and LibreOffice show as plain text).
/// </summary>
public static class SpreadsheetCsv
{
    public const char Separator = ';';

    public static readonly System.Text.UTF8Encoding Utf8WithBom = new(encoderShouldEmitUTF8Identifier: true);

    public static string Cell(string? value)
    {
        value ??= "";
        var safe = Ingestion.LeadValidator.FormulaLike(value) ? "'" + value : value;
        return safe.IndexOfAny([Separator, '"', '\n', '\r']) >= 0 ? $"\"{safe.Replace("\"", "\"\"")}\"" : safe;
    }

    public static string Row(IEnumerable<string?> cells) => string.Join(Separator, cells.Select(Cell));
}
