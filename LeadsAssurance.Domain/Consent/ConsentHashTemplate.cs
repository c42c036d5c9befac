using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace LeadsAssurance.Domain.Consent;

/// <summary>
/// A consent's canonical form without its chain position and previous hash, as UTF-8 (see <see cref="ConsentHasher.Template"/>):
/// the position goes at <paramref name="head"/>, the previous hash at <paramref name="middle"/>.
/// </summary>
public sealed class ConsentHashTemplate(byte[] utf8, int head, int middle)
{
    /// <summary>For a version-2 form: the digest it commits to, and the salt to keep with the identity on the lead.</summary>
    public string? IdentityDigest { get; internal set; }
    public byte[]? IdentitySalt { get; internal set; }

    /// <summary>The proof hash of this consent at <paramref name="position"/> after <paramref name="previousHash"/>.</summary>
    public string Compute(long position, string previousHash)
    {
        Span<byte> number = stackalloc byte[20];
        position.TryFormat(number, out var digits, provider: CultureInfo.InvariantCulture);
        previousHash = ConsentHasher.JsonContent(previousHash);
        var length = utf8.Length + digits + Encoding.UTF8.GetByteCount(previousHash);
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(length);
        try
        {
            var at = 0;
            utf8.AsSpan(0, head).CopyTo(buffer);
            at += head;
            number[..digits].CopyTo(buffer.AsSpan(at));
            at += digits;
            utf8.AsSpan(head, middle - head).CopyTo(buffer.AsSpan(at));
            at += middle - head;
            at += Encoding.UTF8.GetBytes(previousHash, buffer.AsSpan(at));
            utf8.AsSpan(middle).CopyTo(buffer.AsSpan(at));
            Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
            SHA256.HashData(buffer.AsSpan(0, length), hash);
            return Convert.ToHexStringLower(hash);
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
