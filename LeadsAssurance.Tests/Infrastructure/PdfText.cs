using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using UglyToad.PdfPig;
using UglyToad.PdfPig.DocumentLayoutAnalysis.TextExtractor;

namespace LeadsAssurance.Tests.Infrastructure;

/// <summary>
/// The text of a PDF as the tools an inspector uses read it: PdfPig (what a .NET program gets) and poppler's
/// pdftotext (what copy-paste and search in most viewers get). Whitespace runs are one space: a line break in the
/// PDF is where a wrapped value went on, not part of it.
/// </summary>
public static partial class PdfText
{
    public static string PdfPig(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        return Collapse(string.Join("\n", document.GetPages().Select(p => ContentOrderTextExtractor.GetText(p))));
    }

    /// <summary>pdftotext (poppler-utils; .ci/run installs it) reading the file from stdin.</summary>
    public static async Task<string> PopplerAsync(byte[] pdf)
    {
        var start = new ProcessStartInfo("pdftotext", ["-enc", "UTF-8", "-", "-"])
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("pdftotext could not start (apt-get install poppler-utils).");
        var output = process.StandardOutput.ReadToEndAsync();
        await process.StandardInput.BaseStream.WriteAsync(pdf);
        process.StandardInput.Close();
        var text = await output;
        await process.WaitForExitAsync();
        process.ExitCode.Should().Be(0, await process.StandardError.ReadToEndAsync());
        return Collapse(text);
    }

    public static int Pages(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        return document.NumberOfPages;
    }

    /// <summary>One space for any run of whitespace, and composed letters (é, not e + U+0301).</summary>
    public static string Collapse(string text) => Whitespace().Replace(text.Normalize(NormalizationForm.FormC), " ").Trim();

    [GeneratedRegex(@"[\s\u00A0\u202F]+")]
    private static partial Regex Whitespace();
}
