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

    public static string ComputeHash(ConsentHashInput input) => Template(input).Compute(input.ChainPosition, input.PreviousHash);

    public static string Canonicalize(ConsentHashInput i)
    {
        var (head, middle, tail) = Segments(i);
        return $"{head}{i.ChainPosition.ToString(CultureInfo.InvariantCulture)}{middle}{JsonContent(i.PreviousHash)}{tail}";
    }

    /// <summary>
    /// Everything of the canonical form but the chain position and the previous hash, serialised once: an import
    /// builds it on every core before taking the chain lock, and only the SHA-256 is left to compute under it.
    /// <paramref name="i"/>'s position and previous hash are ignored.
    /// </summary>
    public static ConsentHashTemplate Template(ConsentHashInput i)
    {
        var (head, middle, tail) = Segments(i);
        return new ConsentHashTemplate(Encoding.UTF8.GetBytes(head), Encoding.UTF8.GetBytes(middle), Encoding.UTF8.GetBytes(tail));
    }

    /// <summary>The canonical form around its two chain fields: head + position + middle + previous hash + tail.</summary>
    private static (string Head, string Middle, string Tail) Segments(ConsentHashInput i)
    {
        // Keys written in code-point order (the order of this list), each once: the same bytes as sorting them.
        var sb = new StringBuilder(768).Append('{');
        Field(sb, "capturedAt", FormatTime(i.CapturedAt), first: true);
        sb.Append(",\"chainPosition\":");
        var head = sb.ToString();
        sb.Clear();
        Field(sb, "city", i.Contact.City);
        Field(sb, "email", i.Contact.Email);
        Field(sb, "firstName", i.Contact.FirstName);
        Field(sb, "ipAddress", i.IpAddress);
        Field(sb, "lastName", i.Contact.LastName);
        Field(sb, "leadId", i.LeadId.ToString("D"));
        sb.Append(",\"partners\":[");
        for (var k = 0; k < i.Partners.Count; k++)
        {
            if (k > 0) sb.Append(',');
            WriteString(sb, i.Partners[k]);
        }
        sb.Append(']');
        Field(sb, "phone", i.Contact.Phone);
        sb.Append(",\"previousHash\":\"");
        var middle = sb.ToString();
        sb.Clear().Append('"');
        Field(sb, "productCode", i.ProductCode);
        Field(sb, "providerId", i.ProviderId.ToString("D"));
        Field(sb, "sourceUrl", i.SourceUrl);
        Field(sb, "text", i.Text);
        Field(sb, "textVersion", i.TextVersion);
        Field(sb, "userAgent", i.UserAgent);
        sb.Append(",\"v\":").Append(FormatVersion.ToString(CultureInfo.InvariantCulture));
        Field(sb, "zipCode", i.Contact.ZipCode);
        return (head, middle, sb.Append('}').ToString());
    }

    /// <summary>A string as it appears between the quotes of a JSON string (a hash, being hex, stays as it is).</summary>
    internal static string JsonContent(string value)
    {
        if (value.All(char.IsAsciiHexDigitLower))
            return value;
        var sb = new StringBuilder(value.Length + 8);
        WriteString(sb, value);
        return sb.ToString(1, sb.Length - 2);
    }

    private static void Field(StringBuilder sb, string key, string value, bool first = false)
    {
        if (!first) sb.Append(',');
        sb.Append('"').Append(key).Append("\":");
        WriteString(sb, value);
    }

    /// <summary>PostgreSQL keeps microseconds; hashing a finer time would not survive a round trip.</summary>
    public static DateTimeOffset TruncateToMicroseconds(DateTimeOffset t) =>
        new DateTimeOffset(t.UtcTicks - t.UtcTicks % 10, TimeSpan.Zero);

    /// <summary>
    /// "yyyy-MM-ddTHH:mm:ss.ffffffZ" in UTC, written digit by digit: a custom format string is parsed on every call,
    /// which made this the costliest step of validating an imported row.
    /// </summary>
    public static string FormatTime(DateTimeOffset t) => string.Create(27, TruncateToMicroseconds(t).UtcDateTime, static (span, d) =>
    {
        Digits(span[..4], d.Year);
        span[4] = '-';
        Digits(span.Slice(5, 2), d.Month);
        span[7] = '-';
        Digits(span.Slice(8, 2), d.Day);
        span[10] = 'T';
        Digits(span.Slice(11, 2), d.Hour);
        span[13] = ':';
        Digits(span.Slice(14, 2), d.Minute);
        span[16] = ':';
        Digits(span.Slice(17, 2), d.Second);
        span[19] = '.';
        Digits(span.Slice(20, 6), (int)(d.Ticks % TimeSpan.TicksPerSecond / 10));
        span[26] = 'Z';
    });

    private static void Digits(Span<char> span, int value)
    {
        for (var k = span.Length - 1; k >= 0; k--, value /= 10)
            span[k] = (char)('0' + value % 10);
    }

    /// <summary>The characters JSON requires escaped.</summary>
    private static readonly System.Buffers.SearchValues<char> Escaped =
        System.Buffers.SearchValues.Create("\"\\" + new string([.. Enumerable.Range(0, 0x20).Select(c => (char)c)]));

    private static void WriteString(StringBuilder sb, string s)
    {
        sb.Append('"');
        // Most values need no escape: written whole, not character by character.
        if (!s.AsSpan().ContainsAny(Escaped))
        {
            sb.Append(s).Append('"');
            return;
        }
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

/// <summary>A consent's canonical form without its chain position and previous hash, as UTF-8 (see <see cref="ConsentHasher.Template"/>).</summary>
public sealed class ConsentHashTemplate(byte[] head, byte[] middle, byte[] tail)
{
    /// <summary>The proof hash of this consent at <paramref name="position"/> after <paramref name="previousHash"/>.</summary>
    public string Compute(long position, string previousHash)
    {
        Span<byte> number = stackalloc byte[20];
        position.TryFormat(number, out var digits, provider: CultureInfo.InvariantCulture);
        previousHash = ConsentHasher.JsonContent(previousHash);
        var length = head.Length + digits + middle.Length + Encoding.UTF8.GetByteCount(previousHash) + tail.Length;
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(length);
        try
        {
            var at = 0;
            head.CopyTo(buffer, at);
            at += head.Length;
            number[..digits].CopyTo(buffer.AsSpan(at));
            at += digits;
            middle.CopyTo(buffer, at);
            at += middle.Length;
            at += Encoding.UTF8.GetBytes(previousHash, buffer.AsSpan(at));
            tail.CopyTo(buffer, at);
            return Convert.ToHexStringLower(SHA256.HashData(buffer.AsSpan(0, length)));
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}

/// <summary>Everything the proof hash covers.</summary>
public sealed record ConsentHashInput(
    Guid LeadId, Guid ProviderId, string ProductCode, LeadContact Contact, string Text, string TextVersion,
    IReadOnlyList<string> Partners, DateTimeOffset CapturedAt, string IpAddress, string UserAgent, string SourceUrl,
    long ChainPosition, string PreviousHash);
