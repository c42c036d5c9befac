using System.Globalization;
using System.Text;

namespace LeadsAssurance.Domain.Consent;

/// <summary>
/// The consent chain's head as it stood when a Paris day's seal was made, signed with Ed25519: whoever holds the
/// public key can check, without trusting the database, that the chain up to <see cref="Position"/> ended with
/// <see cref="HeadHash"/> on that day. One per Paris day; append-only.
/// </summary>
public class SignedChainHead
{
    /// <summary>The first field of every signed message: names what is signed and the format's version.</summary>
    public const string MessagePrefix = "leadsassurance-consent-chain-head:v1";

    private SignedChainHead() { }

    public SignedChainHead(DateOnly day, long position, string headHash, DateTimeOffset signedAt, byte[] signature, byte[] publicKey) =>
        (Day, Position, HeadHash, SignedAt, Signature, PublicKey) =
            (day, position, headHash, signedAt, Convert.ToBase64String(signature), Convert.ToBase64String(publicKey));

    /// <summary>The Paris calendar day of the seal.</summary>
    public DateOnly Day { get; private set; }

    /// <summary>The number of records in the chain then: the latest record's position.</summary>
    public long Position { get; private set; }

    /// <summary>The latest record's proof hash (lower-case hex).</summary>
    public string HeadHash { get; private set; } = "";

    public DateTimeOffset SignedAt { get; private set; }

    /// <summary>The 64-byte Ed25519 signature of <see cref="Message()"/>, base64.</summary>
    public string Signature { get; private set; } = "";

    /// <summary>The signer's 32-byte public key, base64 (a rotated key leaves older seals checkable).</summary>
    public string PublicKey { get; private set; } = "";

    /// <summary>The exact bytes signed: UTF-8 of <c>leadsassurance-consent-chain-head:v1|yyyy-MM-dd|position|hash</c>, no newline.</summary>
    public byte[] Message() => Message(Day, Position, HeadHash);

    public static byte[] Message(DateOnly day, long position, string headHash) => Encoding.UTF8.GetBytes(string.Join('|',
        MessagePrefix, day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), position.ToString(CultureInfo.InvariantCulture), headHash));
}
