using SkiaSharp;

namespace LeadsAssurance.Domain.Documents;

/// <summary>
/// The platform's bundled fonts, subset ahead of time because Skia embeds a font file whole: Inter Regular with the
/// Latin Extended letters of people's names (Polish, Turkish, Romanian, Czech, Vietnamese...), Inter Bold (our own
/// headings) and DejaVu Sans Mono (hashes) with Latin-1 only. Loaded once; a one-page certificate stays around 65 KB
/// and renders the same on every machine.
/// </summary>
internal static class PdfFonts
{
    public static readonly SKTypeface Regular = Load("Inter-Regular.ttf");
    public static readonly SKTypeface Bold = Load("Inter-Bold.ttf");
    public static readonly SKTypeface Mono = Load("DejaVuSansMono.ttf");

    /// <summary>
    /// A font at a size with unhinted, fractional advances. Skia's defaults (hinting, whole-pixel advances) round each
    /// glyph's advance, so the PDF backend placed every glyph on its own ("6 0 Td <0048> Tj") and text extractors
    /// such as pdftotext saw the rounding errors as spaces: "consentem ent". With the font's own advances the drawn
    /// positions match the embedded widths and a line is written as one run of text.
    /// </summary>
    public static SKFont Sized(SKTypeface typeface, float size) => new(typeface, size)
    {
        Hinting = SKFontHinting.None,
        Subpixel = true,
        LinearMetrics = true,
        Edging = SKFontEdging.Antialias,
    };

    private static SKTypeface Load(string file)
    {
        using var stream = typeof(PdfFonts).Assembly.GetManifestResourceStream($"LeadsAssurance.Fonts.{file}")
            ?? throw new InvalidOperationException($"Font {file} is not embedded.");
        return SKTypeface.FromStream(stream) ?? throw new InvalidOperationException($"Font {file} could not be read.");
    }
}
