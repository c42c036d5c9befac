using System.Text;

namespace LeadsAssurance.Domain.Ingestion.Csv;

/// <summary>One record of a CSV file: its fields and the line it starts on (the header is line 1).</summary>
public readonly record struct CsvRecord(int Line, string[] Fields);

/// <summary>
/// Streaming RFC 4180 reader: quoted fields with separators, doubled quotes and line breaks inside, CRLF or LF.
/// Reads one record at a time, so memory does not grow with the file.
/// </summary>
public sealed class CsvReader(TextReader reader, char separator)
{
    public const int MaxFieldLength = 20_000;
    public const int MaxFields = 200;

    private readonly StringBuilder _field = new();
    private readonly List<string> _fields = [];
    private int _line = 1;

    public static CsvReader Open(Stream stream, CsvFormat format) =>
        new(new StreamReader(stream, format.Encoding, detectEncodingFromByteOrderMarks: true, bufferSize: 64 * 1024), format.Separator);

    /// <summary>The next non-empty record, or null at the end. Throws <see cref="CsvFormatException"/> on an unclosed quote or an oversized field.</summary>
    public CsvRecord? Read()
    {
        while (true)
        {
            var start = _line;
            if (!ReadRecord())
                return null;
            if (_fields.Count == 1 && _fields[0].Length == 0)
                continue; // blank line
            return new CsvRecord(start, [.. _fields]);
        }
    }

    public IEnumerable<CsvRecord> ReadAll()
    {
        while (Read() is { } record)
            yield return record;
    }

    private bool ReadRecord()
    {
        _fields.Clear();
        _field.Clear();
        var c = reader.Read();
        if (c < 0)
            return false;
        var quoted = false;
        var startLine = _line;
        while (true)
        {
            if (c < 0)
            {
                if (quoted)
                    throw new CsvFormatException($"Guillemet non fermé dans l'enregistrement commençant ligne {startLine}.");
                EndField();
                return true;
            }
            var ch = (char)c;
            if (quoted)
            {
                if (ch == '"')
                {
                    if (reader.Peek() == '"')
                    {
                        reader.Read();
                        Append('"', startLine);
                    }
                    else
                        quoted = false;
                }
                else
                {
                    if (ch == '\n')
                        _line++;
                    Append(ch, startLine);
                }
            }
            else if (ch == '"' && _field.Length == 0)
                quoted = true;
            else if (ch == separator)
                EndField();
            else if (ch == '\r' || ch == '\n')
            {
                if (ch == '\r' && reader.Peek() == '\n')
                    reader.Read();
                _line++;
                EndField();
                return true;
            }
            else
                Append(ch, startLine);
            c = reader.Read();
        }
    }

    private void Append(char c, int line)
    {
        if (_field.Length >= MaxFieldLength)
            throw new CsvFormatException($"Champ de plus de {MaxFieldLength:N0} caractères dans l'enregistrement commençant ligne {line} (guillemet mal placé ?).");
        _field.Append(c);
    }

    private void EndField()
    {
        if (_fields.Count >= MaxFields)
            throw new CsvFormatException($"Plus de {MaxFields} colonnes ligne {_line}.");
        _fields.Add(_field.ToString());
        _field.Clear();
    }
}
