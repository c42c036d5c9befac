using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using LeadsAssurance.Domain.Leads;

namespace LeadsAssurance.Domain.Consent;

/// <summary>
/// Computes a consent's proof hash: lower-case hex SHA-256 of the UTF-8 bytes of a canonical JSON object
/// (RFC 8785 style: keys sorted by code point, no whitespace, strings escaped only where JSON requires),
/// with these keys: capturedAt, chainPosition, city, email, firstName, ipAddress, lastName, leadId, partners,
/// phone, previousHash, productCode, providerId, sourceUrl, text, textVersion, userAgent, v (=1), zipCode.
/// Times are UTC "yyyy-MM-ddTHH:mm:ss.ffffffZ"; ids are lower-case GUIDs with hyphens.
/// </summary>
public static class ConsentHasher
{
    public const int FormatVersion = 1;

    public static string ComputeHash(ConsentHashInput input) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Canonicalize(input))));

    public static string Canonicalize(ConsentHashInput i)
    {
        var fields = new SortedDictionary<string, object>(StringComparer.Ordinal)
        {
            ["capturedAt"] = FormatTime(i.CapturedAt),
            ["chainPosition"] = i.ChainPosition,
            ["city"] = i.Contact.City,
            ["email"] = i.Contact.Email,
            ["firstName"] = i.Contact.FirstName,
            ["ipAddress"] = i.IpAddress,
            ["lastName"] = i.Contact.LastName,
            ["leadId"] = i.LeadId.ToString("D"),
            ["partners"] = i.Partners,
            ["phone"] = i.Contact.Phone,
            ["previousHash"] = i.PreviousHash,
            ["productCode"] = i.ProductCode,
            ["providerId"] = i.ProviderId.ToString("D"),
            ["sourceUrl"] = i.SourceUrl,
            ["text"] = i.Text,
            ["textVersion"] = i.TextVersion,
            ["userAgent"] = i.UserAgent,
            ["v"] = (long)FormatVersion,
            ["zipCode"] = i.Contact.ZipCode,
        };
        var sb = new StringBuilder(1024).Append('{');
        foreach (var (key, value) in fields)
        {
            if (sb.Length > 1) sb.Append(',');
            WriteString(sb, key);
            sb.Append(':');
            switch (value)
            {
                case string s: WriteString(sb, s); break;
                case long n: sb.Append(n.ToString(CultureInfo.InvariantCulture)); break;
                case IReadOnlyList<string> list:
                    sb.Append('[');
                    for (var k = 0; k < list.Count; k++)
                    {
                        if (k > 0) sb.Append(',');
                        WriteString(sb, list[k]);
                    }
                    sb.Append(']');
                    break;
            }
        }
        return sb.Append('}').ToString();
    }

    /// <summary>PostgreSQL keeps microseconds; hashing a finer time would not survive a round trip.</summary>
    public static DateTimeOffset TruncateToMicroseconds(DateTimeOffset t) =>
        new DateTimeOffset(t.UtcTicks - t.UtcTicks % 10, TimeSpan.Zero);

    public static string FormatTime(DateTimeOffset t) =>
        TruncateToMicroseconds(t).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    private static void WriteString(StringBuilder sb, string s)
    {
        sb.Append('"');
        foreach (var c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case < ' ': sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture)); break;
                default: sb.Append(c); break;
            }
        }
        sb.Append('"');
    }
}

/// <summary>Everything the proof hash covers.</summary>
public sealed record ConsentHashInput(
    Guid LeadId, Guid ProviderId, string ProductCode, LeadContact Contact, string Text, string TextVersion,
    IReadOnlyList<string> Partners, DateTimeOffset CapturedAt, string IpAddress, string UserAgent, string SourceUrl,
    long ChainPosition, string PreviousHash);
