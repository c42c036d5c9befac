using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using LeadsAssurance.Domain.Leads;

namespace LeadsAssurance.Domain.Consent;

/// <summary>
/// Computes a consent's proof hash: lower-case hex SHA-256 of the UTF-8 bytes of a canonical JSON object
/// (RFC 8785 style: keys sorted by code point, no whitespace, strings escaped only where JSON requires).
/// Version 1 (records written before erasure existed) has these keys: capturedAt, chainPosition, city, email,
/// firstName, ipAddress, lastName, leadId, partners, phone, previousHash, productCode, providerId, sourceUrl, text,
/// textVersion, userAgent, v (=1), zipCode. Version 2 replaces city, email, firstName,
/// lastName and phone by one key, identity: the salted <see cref="IdentityDigest"/>, so that erasing a person leaves
/// the hash recomputable. Version 3 (every record written since) is version 2 plus checkboxUncheckedByDefault (true,
/// false or null when not declared) and pageSnapshot (lower-case hex SHA-256 of the collection page's HTML, or null).
/// Version 4 (every record written since) is version 3 plus partnerList: the provider's partner list version the
/// consent names, "&lt;list id&gt;:&lt;version&gt;:&lt;SHA-256 of its page&gt;", or null.
/// Times are UTC "yyyy-MM-ddTHH:mm:ss.ffffffZ"; ids are lower-case GUIDs with hyphens.
/// </summary>
public static class ConsentHasher
{
    /// <summary>The version new records are written in.</summary>
    public const int FormatVersion = 4;
    public const int ClearIdentityVersion = 1;
    /// <summary>The first version holding the identity as a digest.</summary>
    public const int DigestVersion = 2;

    public static string ComputeHash(ConsentHashInput input) => Template(input).Compute(input.ChainPosition, input.PreviousHash);

    public static string Canonicalize(ConsentHashInput i)
    {
        var sb = new StringBuilder(768);
        var (head, middle) = Segments(sb, i);
        return sb.Insert(middle, JsonContent(i.PreviousHash)).Insert(head, i.ChainPosition.ToString(CultureInfo.InvariantCulture)).ToString();
    }

    [ThreadStatic]
    private static StringBuilder? t_builder;

    /// <summary>
    /// Everything of the canonical form but the chain position and the previous hash, serialised once: an import
    /// builds it on every core before taking the chain lock, and only the SHA-256 is left to compute under it.
    /// <paramref name="i"/>'s position and previous hash are ignored.
    /// </summary>
    public static ConsentHashTemplate Template(ConsentHashInput i)
    {
        // One builder per thread and one array for the result: this runs for every row of an import.
        var sb = t_builder ??= new StringBuilder(1024);
        sb.Clear();
        var (head, middle) = Segments(sb, i);
        var chars = System.Buffers.ArrayPool<char>.Shared.Rent(sb.Length);
        try
        {
            var text = chars.AsSpan(0, sb.Length);
            sb.CopyTo(0, text, sb.Length);
            if (sb.Capacity > 16 * 1024)
                sb.Capacity = 1024; // one long consent text does not keep its buffer for the thread's lifetime
            // The two cuts fall on ASCII characters, so the parts encode to the bytes of the whole.
            var utf8 = new byte[Encoding.UTF8.GetByteCount(text)];
            var headBytes = Encoding.UTF8.GetBytes(text[..head], utf8);
            var middleBytes = Encoding.UTF8.GetBytes(text[head..middle], utf8.AsSpan(headBytes));
            Encoding.UTF8.GetBytes(text[middle..], utf8.AsSpan(headBytes + middleBytes));
            return new ConsentHashTemplate(utf8, headBytes, headBytes + middleBytes);
        }
        finally
        {
            System.Buffers.ArrayPool<char>.Shared.Return(chars);
        }
    }

    /// <summary>
    /// Writes the canonical form without its two chain fields, and returns where they go: the chain position at
    /// <c>Head</c>, the previous hash at <c>Middle</c> (head + position + middle + previous hash + tail).
    /// </summary>
    private static (int Head, int Middle) Segments(StringBuilder sb, ConsentHashInput i)
    {
        // Keys written in code-point order (the order of this list), each once: the same bytes as sorting them.
        sb.Append('{');
        Field(sb, "capturedAt", FormatTime(i.CapturedAt), first: true);
        sb.Append(",\"chainPosition\":");
        var head = sb.Length;
        var digest = i.IdentityDigest;
        var v3 = i.Version >= 3;
        if (v3)
            Field(sb, "checkboxUncheckedByDefault", i.CheckboxUncheckedByDefault);
        if (digest is null)
        {
            Field(sb, "city", i.Contact.City);
            Field(sb, "email", i.Contact.Email);
            Field(sb, "firstName", i.Contact.FirstName);
        }
        else
            Field(sb, "identity", digest);
        Field(sb, "ipAddress", i.IpAddress);
        if (digest is null)
            Field(sb, "lastName", i.Contact.LastName);
        Field(sb, "leadId", i.LeadId.ToString("D"));
        if (v3)
            Field(sb, "pageSnapshot", i.PageSnapshotSha256);
        if (i.Version >= 4)
            Field(sb, "partnerList", i.PartnerList);
        sb.Append(",\"partners\":[");
        for (var k = 0; k < i.Partners.Count; k++)
        {
            if (k > 0) sb.Append(',');
            WriteString(sb, i.Partners[k]);
        }
        sb.Append(']');
        if (digest is null)
            Field(sb, "phone", i.Contact.Phone);
        sb.Append(",\"previousHash\":\"");
        var middle = sb.Length;
        sb.Append('"');
        Field(sb, "productCode", i.ProductCode);
        Field(sb, "providerId", i.ProviderId.ToString("D"));
        Field(sb, "sourceUrl", i.SourceUrl);
        Field(sb, "text", i.Text);
        Field(sb, "textVersion", i.TextVersion);
        Field(sb, "userAgent", i.UserAgent);
        sb.Append(",\"v\":").Append(i.Version.ToString(CultureInfo.InvariantCulture));
        Field(sb, "zipCode", i.Contact.ZipCode);
        sb.Append('}');
        return (head, middle);
    }

    /// <summary>A string as it appears between the quotes of a JSON string (a hash, being hex, stays as it is).</summary>
    internal static string JsonContent(string value)
    {
        if (!value.AsSpan().ContainsAnyExcept(HexLower))
            return value;
        var sb = new StringBuilder(value.Length + 8);
        WriteString(sb, value);
        return sb.ToString(1, sb.Length - 2);
    }

    /// <summary>A string field; null (version 3's optional keys) as the JSON literal.</summary>
    internal static void Field(StringBuilder sb, string key, string? value, bool first = false)
    {
        if (!first) sb.Append(',');
        sb.Append('"').Append(key).Append("\":");
        if (value is null)
            sb.Append("null");
        else
            WriteString(sb, value);
    }

    internal static void Field(StringBuilder sb, string key, bool? value) =>
        sb.Append(",\"").Append(key).Append("\":").Append(value switch { true => "true", false => "false", null => "null" });

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

    private static readonly System.Buffers.SearchValues<char> HexLower = System.Buffers.SearchValues.Create("0123456789abcdef");

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
