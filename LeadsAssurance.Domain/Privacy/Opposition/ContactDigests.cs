using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace LeadsAssurance.Domain.Privacy.Opposition;

/// <summary>What an opposition entry holds: a phone or an e-mail address.</summary>
public enum ContactKind : short
{
    Phone = 1,
    Email = 2,
}

/// <summary>
/// The keyed digests under which opposition lists keep contacts: HMAC-SHA256 of "p:" + the E.164 phone or "e:" + the
/// lower-case e-mail, keyed with <see cref="PrivacyOptions.SuppressionKey"/>. A plain hash of a French mobile number is
/// reversed by trying the hundred million of them; without the server's key nobody can test a guess against the list.
/// </summary>
public sealed class ContactDigests
{
    public const int Size = 32;
    private readonly byte[]? _key;

    public ContactDigests(IOptions<PrivacyOptions> options)
    {
        if (!string.IsNullOrWhiteSpace(options.Value.SuppressionKey))
            _key = Convert.FromBase64String(options.Value.SuppressionKey);
    }

    /// <param name="value">An E.164 phone or a lower-case e-mail, as ingestion normalises them.</param>
    public byte[] Of(ContactKind kind, string value)
    {
        var key = _key ?? throw new InvalidOperationException("Privacy:SuppressionKey is not configured.");
        Span<byte> input = stackalloc byte[2 + Encoding.UTF8.GetMaxByteCount(value.Length)];
        input[0] = kind == ContactKind.Phone ? (byte)'p' : (byte)'e';
        input[1] = (byte)':';
        var length = 2 + Encoding.UTF8.GetBytes(value, input[2..]);
        return HMACSHA256.HashData(key, input[..length]);
    }

    public byte[] Phone(string e164) => Of(ContactKind.Phone, e164);

    public byte[] Email(string email) => Of(ContactKind.Email, email);

    /// <summary>Whether a configured key is absent or at least 32 bytes in base64 (checked at start-up).</summary>
    public static bool IsValidKey(string? base64)
    {
        if (string.IsNullOrWhiteSpace(base64))
            return true;
        var bytes = new byte[base64.Length];
        return Convert.TryFromBase64String(base64.Trim(), bytes, out var written) && written >= 32;
    }

    /// <summary>A fresh random key, base64 (what <c>openssl rand -base64 32</c> prints).</summary>
    public static string NewKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
}
