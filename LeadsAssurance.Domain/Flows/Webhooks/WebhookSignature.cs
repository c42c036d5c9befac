using System.Security.Cryptography;
using System.Text;

namespace LeadsAssurance.Domain.Flows.Webhooks;

/// <summary>
/// The <c>LeadsAssurance-Signature</c> header: <c>t=&lt;unix seconds&gt;,v1=&lt;hex HMAC-SHA256 of "&lt;t&gt;.&lt;raw body&gt;"&gt;</c>, keyed
/// with the flow's webhook secret (its UTF-8 bytes, as shown to the broker). The timestamp is signed with the body so a
/// captured call cannot be replayed later under a new date: receivers check both, and reject old timestamps.
/// </summary>
public static class WebhookSignature
{
    public const string Header = "LeadsAssurance-Signature";

    public static string Create(string secret, long unixSeconds, ReadOnlySpan<byte> body) =>
        $"t={unixSeconds},v1={Convert.ToHexStringLower(Compute(secret, unixSeconds, body))}";

    /// <summary>
    /// What a receiver does: parse the header, recompute the HMAC over the raw body, compare in constant time, and
    /// refuse a timestamp further than <paramref name="tolerance"/> from <paramref name="now"/>.
    /// </summary>
    public static bool Verify(string secret, string? header, ReadOnlySpan<byte> body, DateTimeOffset now, TimeSpan tolerance)
    {
        if (string.IsNullOrEmpty(header))
            return false;
        long? timestamp = null;
        var signatures = new List<byte[]>();
        foreach (var part in header.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = part.IndexOf('=');
            if (equals <= 0)
                continue;
            var (key, value) = (part[..equals], part[(equals + 1)..]);
            if (key == "t" && long.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var t))
                timestamp = t;
            else if (key == "v1" && value.Length == 64)
            {
                try
                {
                    signatures.Add(Convert.FromHexString(value));
                }
                catch (FormatException)
                {
                    // Not a signature: ignored.
                }
            }
        }
        if (timestamp is not { } at || signatures.Count == 0)
            return false;
        if ((now - DateTimeOffset.FromUnixTimeSeconds(at)).Duration() > tolerance)
            return false;
        var expected = Compute(secret, at, body);
        return signatures.Any(s => CryptographicOperations.FixedTimeEquals(s, expected));
    }

    private static byte[] Compute(string secret, long unixSeconds, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.ASCII.GetBytes($"{unixSeconds}.");
        var signed = new byte[prefix.Length + body.Length];
        prefix.CopyTo(signed, 0);
        body.CopyTo(signed.AsSpan(prefix.Length));
        return HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed);
    }
}
