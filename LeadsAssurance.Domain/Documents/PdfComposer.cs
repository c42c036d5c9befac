using System.Text;
using SkiaSharp;

namespace LeadsAssurance.Domain.Documents;

/// <summary>The text styles of our documents.</summary>
internal enum PdfStyle { Body, Small, Muted, Bold, Title, Heading, Mono }

/// <summary>
/// A top-to-bottom A4 page composer over Skia's PDF backend: wrapped paragraphs, label/value rows, section headings,
/// boxes, tables and QR codes, with page breaks and a footer on every page. Text stays text (extractable and
/// searchable). Each document is one instance; dispose it to finish the file.
/// </summary>
internal sealed class PdfComposer : IDisposable
{
    public const float PageWidth = 595.28f;
    public const float PageHeight = 841.89f;
    public const float Margin = 48f;
    private const float FooterHeight = 28f;
    public const float ContentWidth = PageWidth - 2 * Margin;

    public static readonly SKColor Ink = new(0x1F, 0x24, 0x33);
    public static readonly SKColor Muted = new(0x5F, 0x66, 0x78);
    public static readonly SKColor Accent = new(0x3F, 0x51, 0xB5);
    public static readonly SKColor Rule = new(0xDD, 0xE1, 0xEA);
    public static readonly SKColor Shade = new(0xF4, 0xF5, 0xFA);

    private readonly SKDocument _document;
    private readonly string _footer;
    private readonly SKFont _body = PdfFonts.Sized(PdfFonts.Regular, 9.5f);
    private readonly SKFont _small = PdfFonts.Sized(PdfFonts.Regular, 8f);
    private readonly SKFont _bold = PdfFonts.Sized(PdfFonts.Bold, 9.5f);
    private readonly SKFont _title = PdfFonts.Sized(PdfFonts.Bold, 19f);
    private readonly SKFont _heading = PdfFonts.Sized(PdfFonts.Bold, 11f);
    private readonly SKFont _mono = PdfFonts.Sized(PdfFonts.Mono, 8f);
    private readonly SKPaint _ink = new() { Color = Ink, IsAntialias = true };
    private readonly SKPaint _muted = new() { Color = Muted, IsAntialias = true };
    private readonly SKPaint _accent = new() { Color = Accent, IsAntialias = true };
    private readonly SKPaint _rule = new() { Color = Rule, StrokeWidth = 0.75f, IsStroke = true };
    private readonly SKPaint _shade = new() { Color = Shade, IsAntialias = true };
    private readonly Dictionary<float, SKFont> _fallbacks = [];
    private SKCanvas? _canvas;
    private int _page;

    public PdfComposer(Stream output, string title, string footer, DateTimeOffset createdAt)
    {
        _footer = footer;
        var metadata = new SKDocumentPdfMetadata
        {
            Title = title,
            Author = "LeadsAssurance",
            Creator = "LeadsAssurance",
            Producer = "LeadsAssurance",
            // Fixed dates from the data, so the same document is the same file.
            Creation = createdAt.UtcDateTime,
            Modified = createdAt.UtcDateTime,
            RasterDpi = 72,
            EncodingQuality = 90,
        };
        _document = SKDocument.CreatePdf(output, metadata) ?? throw new InvalidOperationException("Skia could not create a PDF document.");
        NewPage();
    }

    /// <summary>The vertical position of the next line's top.</summary>
    public float Y { get; private set; }

    public float Bottom => PageHeight - Margin - FooterHeight;

    public SKCanvas Canvas => _canvas!;

    public void NewPage()
    {
        if (_canvas is not null)
            EndPage();
        _page++;
        _canvas = _document.BeginPage(PageWidth, PageHeight);
        Y = Margin;
    }

    /// <summary>Starts a new page when fewer than <paramref name="height"/> points are left.</summary>
    public void Reserve(float height)
    {
        if (Y + height > Bottom)
            NewPage();
    }

    public void Space(float points) => Y += points;

    public void Title(string text, string? subtitle = null)
    {
        Canvas.DrawRect(Margin, Y, 36, 3, _accent);
        Y += 12;
        Line(text, PdfStyle.Title, Margin, Y);
        Y += 24;
        if (subtitle is not null)
            Paragraph(subtitle, PdfStyle.Muted);
    }

    public void Heading(string text)
    {
        Reserve(40);
        Y += 3;
        Line(text, PdfStyle.Heading, Margin, Y);
        Y += 14;
        Canvas.DrawLine(Margin, Y, Margin + ContentWidth, Y, _rule);
        Y += 4;
    }

    /// <summary>A wrapped paragraph across the content width (or <paramref name="width"/>), breaking pages as needed.</summary>
    public void Paragraph(string text, PdfStyle style = PdfStyle.Body, float? x = null, float? width = null)
    {
        var left = x ?? Margin;
        var lines = Wrap(text, style, width ?? ContentWidth - (left - Margin));
        foreach (var line in lines)
        {
            Reserve(LineHeight(style));
            Line(line, style, left, Y);
            Y += LineHeight(style);
        }
        Y += 3;
    }

    /// <summary>A label on the left and its value wrapped on the right.</summary>
    public void Field(string label, string? value, bool mono = false, float labelWidth = 120)
    {
        var style = mono ? PdfStyle.Mono : PdfStyle.Body;
        var lines = Wrap(string.IsNullOrWhiteSpace(value) ? "—" : value, style, ContentWidth - labelWidth);
        var height = Math.Max(lines.Count * LineHeight(style), LineHeight(PdfStyle.Body)) + 3;
        if (Y + height > Bottom && height < Bottom - Margin)
            NewPage();
        Line(label, PdfStyle.Muted, Margin, Y);
        var y = Y;
        foreach (var line in lines)
        {
            if (y + LineHeight(style) > Bottom)
            {
                NewPage();
                y = Y;
            }
            Line(line, style, Margin + labelWidth, y + (mono ? 1 : 0));
            y += LineHeight(style);
        }
        Y = Math.Max(y, Y + LineHeight(PdfStyle.Body)) + 1.5f;
    }

    /// <summary>
    /// Two short label/value rows side by side, the second starting at 60 % of the width; when either value does not
    /// fit on one line of its column, the two are drawn as full-width rows instead.
    /// </summary>
    public void FieldPair(string label, string? value, string label2, string? value2, float labelWidth = 120, float label2Width = 70)
    {
        const float gap = 12;
        var half = ContentWidth * 0.6f;
        value = string.IsNullOrWhiteSpace(value) ? "—" : value;
        value2 = string.IsNullOrWhiteSpace(value2) ? "—" : value2;
        if (Measure(value, PdfStyle.Body) > half - labelWidth - gap || Measure(value2, PdfStyle.Body) > ContentWidth - half - label2Width)
        {
            Field(label, value, labelWidth: labelWidth);
            Field(label2, value2, labelWidth: labelWidth);
            return;
        }
        Reserve(LineHeight(PdfStyle.Body) + 3);
        Line(label, PdfStyle.Muted, Margin, Y);
        Line(value, PdfStyle.Body, Margin + labelWidth, Y);
        Line(label2, PdfStyle.Muted, Margin + half, Y);
        Line(value2, PdfStyle.Body, Margin + half + label2Width, Y);
        Y += LineHeight(PdfStyle.Body) + 1.5f;
    }

    /// <summary>A shaded box around wrapped text (the consent text as the person read it).</summary>
    public void Quote(string text)
    {
        const float pad = 8;
        var paragraphs = text.Replace("\r\n", "\n").Split('\n');
        var lines = paragraphs.SelectMany(p => Wrap(p, PdfStyle.Body, ContentWidth - 2 * pad)).ToList();
        var lh = LineHeight(PdfStyle.Body);
        var i = 0;
        while (i < lines.Count)
        {
            Reserve(lh + 2 * pad);
            var fit = Math.Max(1, Math.Min(lines.Count - i, (int)((Bottom - Y - 2 * pad) / lh)));
            Canvas.DrawRect(Margin, Y, ContentWidth, fit * lh + 2 * pad, _shade);
            Canvas.DrawRect(Margin, Y, 2.5f, fit * lh + 2 * pad, _accent);
            var y = Y + pad;
            for (var k = 0; k < fit; k++, i++, y += lh)
                Line(lines[i], PdfStyle.Body, Margin + pad + 4, y);
            Y = y + pad + 4;
        }
    }

    /// <summary>
    /// A QR code drawn as vector rectangles (crisp at any zoom). Each horizontal run of dark modules is one rectangle:
    /// a square per module made the page's content stream three times larger (15 KB of a 54 KB certificate).
    /// </summary>
    public void QrCode(string payload, float x, float y, float size)
    {
        using var generator = new QRCoder.QRCodeGenerator();
        using var data = generator.CreateQrCode(payload, QRCoder.QRCodeGenerator.ECCLevel.M);
        var matrix = data.ModuleMatrix;
        var modules = matrix.Count;
        var cell = size / modules;
        using var builder = new SKPathBuilder();
        for (var row = 0; row < modules; row++)
        {
            for (var col = 0; col < modules; col++)
            {
                if (!matrix[row][col])
                    continue;
                var start = col;
                while (col + 1 < modules && matrix[row][col + 1])
                    col++;
                builder.AddRect(SKRect.Create(x + start * cell, y + row * cell, (col - start + 1) * cell + 0.05f, cell + 0.05f));
            }
        }
        using var path = builder.Detach();
        Canvas.DrawPath(path, _ink);
    }

    /// <summary>One table row: cells at the given x offsets from the margin; right-aligned where asked.</summary>
    public void TableRow(IReadOnlyList<string> cells, IReadOnlyList<float> columns, IReadOnlyList<bool> rightAligned, bool header = false)
    {
        var style = header ? PdfStyle.Bold : PdfStyle.Body;
        var lh = LineHeight(style) + 4;
        Reserve(lh + 2);
        if (header)
            Canvas.DrawRect(Margin, Y - 2, ContentWidth, lh, _shade);
        for (var c = 0; c < cells.Count; c++)
        {
            var right = c + 1 < columns.Count ? columns[c + 1] - 8 : ContentWidth;
            var text = Ellipsize(cells[c], style, right - columns[c]);
            if (rightAligned[c])
                Line(text, style, Margin + right - Measure(text, style), Y + 2);
            else
                Line(text, style, Margin + columns[c], Y + 2);
        }
        Y += lh;
        Canvas.DrawLine(Margin, Y - 1, Margin + ContentWidth, Y - 1, _rule);
    }

    public void Line(string text, PdfStyle style, float x, float top)
    {
        text = Printable(text);
        var font = Font(text, style);
        // Skia draws from the baseline; callers place lines by their top.
        Canvas.DrawText(text, x, top - Font(style).Metrics.Ascent, SKTextAlign.Left, font, Paint(style));
    }

    public float Measure(string text, PdfStyle style)
    {
        text = Printable(text);
        return Font(text, style).MeasureText(text);
    }

    public static float LineHeight(PdfStyle style) => style switch
    {
        PdfStyle.Title => 24,
        PdfStyle.Heading => 15,
        PdfStyle.Small or PdfStyle.Muted => 10.5f,
        PdfStyle.Mono => 11,
        _ => 12.5f,
    };

    /// <summary>Greedy word wrap; a word wider than the line (a URL, a user agent, a hash) is cut by characters.</summary>
    public List<string> Wrap(string text, PdfStyle style, float width)
    {
        var lines = new List<string>();
        text = Printable(text);
        foreach (var paragraph in text.Replace("\r\n", "\n").Split('\n'))
        {
            var current = "";
            foreach (var word in paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var candidate = current.Length == 0 ? word : current + " " + word;
                if (Measure(candidate, style) <= width)
                {
                    current = candidate;
                    continue;
                }
                if (current.Length > 0)
                    lines.Add(current);
                current = word;
                while (Measure(current, style) > width)
                {
                    var n = Font(current, style).BreakText(current, width);
                    n = Math.Max(1, n);
                    lines.Add(current[..n]);
                    current = current[n..];
                }
            }
            lines.Add(current);
        }
        return lines;
    }

    /// <summary>
    /// Composed letters: a name stored decomposed (e + U+0301) is drawn with the font's "é", and a line is never cut
    /// between a letter and its accent. fr-FR numbers group digits with a narrow no-break space, which Inter lacks:
    /// a no-break space is drawn instead of an empty glyph.
    /// </summary>
    private static string Printable(string text) => text.Normalize(NormalizationForm.FormC).Replace('\u202F', '\u00A0');

    private string Ellipsize(string text, PdfStyle style, float width)
    {
        if (Measure(text, style) <= width)
            return text;
        while (text.Length > 1 && Measure(text + "…", style) > width)
            text = text[..^1];
        return text + "…";
    }

    /// <summary>
    /// The style's font, or Inter Regular at its size when the style's font lacks a letter of the text: bold and mono
    /// carry Latin-1 only (they draw our own labels and hashes), Regular carries the Latin Extended letters of names.
    /// </summary>
    private SKFont Font(string text, PdfStyle style)
    {
        var font = Font(style);
        if (font.Typeface == PdfFonts.Regular || font.ContainsGlyphs(text))
            return font;
        if (!_fallbacks.TryGetValue(font.Size, out var fallback))
            _fallbacks[font.Size] = fallback = PdfFonts.Sized(PdfFonts.Regular, font.Size);
        return fallback;
    }

    private SKFont Font(PdfStyle style) => style switch
    {
        PdfStyle.Small or PdfStyle.Muted => _small,
        PdfStyle.Bold => _bold,
        PdfStyle.Title => _title,
        PdfStyle.Heading => _heading,
        PdfStyle.Mono => _mono,
        _ => _body,
    };

    private SKPaint Paint(PdfStyle style) => style switch
    {
        PdfStyle.Muted or PdfStyle.Small => _muted,
        PdfStyle.Heading => _accent,
        _ => _ink,
    };

    private void EndPage()
    {
        var y = PageHeight - Margin;
        Canvas.DrawLine(Margin, y - 12, Margin + ContentWidth, y - 12, _rule);
        Line(_footer, PdfStyle.Small, Margin, y - 6);
        var page = $"Page {_page}";
        Line(page, PdfStyle.Small, Margin + ContentWidth - Measure(page, PdfStyle.Small), y - 6);
        _document.EndPage();
        _canvas = null;
    }

    public void Dispose()
    {
        if (_canvas is not null)
            EndPage();
        _document.Close();
        _document.Dispose();
        foreach (var d in new IDisposable[] { _body, _small, _bold, _title, _heading, _mono, _ink, _muted, _accent, _rule, _shade }.Concat(_fallbacks.Values))
            d.Dispose();
    }
}
