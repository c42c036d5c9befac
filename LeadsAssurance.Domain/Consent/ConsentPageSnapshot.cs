using System.Security.Cryptography;
using System.Text;

namespace LeadsAssurance.Domain.Consent;

/// <summary>
/// The HTML of a consent collection page as a provider captured it, kept once per content: providers send the same
/// page with many leads, so consent records name it by its SHA-256 (which their proof hash covers, version 3).
/// Append-only like the records that point to it. Served only as text, never rendered in our origin.
/// </summary>
public class ConsentPageSnapshot
{
    private ConsentPageSnapshot() { }

    public ConsentPageSnapshot(string html, DateTimeOffset firstSeenAt)
    {
        Html = html;
        Sha256 = HashOf(html);
        SizeBytes = Encoding.UTF8.GetByteCount(html);
        FirstSeenAt = firstSeenAt;
    }

    /// <summary>Lower-case hex SHA-256 of the HTML's UTF-8 bytes.</summary>
    public string Sha256 { get; private set; } = "";
    public string Html { get; private set; } = "";
    public int SizeBytes { get; private set; }
    public DateTimeOffset FirstSeenAt { get; private set; }

    public static string HashOf(string html) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(html)));
}
