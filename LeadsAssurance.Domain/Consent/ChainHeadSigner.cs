using Microsoft.Extensions.Options;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;

namespace LeadsAssurance.Domain.Consent;

/// <summary>
/// Ed25519 signatures of the consent chain's head, with the key from <see cref="ConsentSigningOptions.SigningKey"/>.
/// .NET 10's System.Security.Cryptography has no Ed25519; BouncyCastle's is fully managed (no native library).
/// </summary>
public sealed class ChainHeadSigner
{
    // The DER prefix of an Ed25519 SubjectPublicKeyInfo (RFC 8410): what openssl reads from a "PUBLIC KEY" PEM.
    private static readonly byte[] SpkiPrefix = Convert.FromHexString("302a300506032b6570032100");
    private readonly Ed25519PrivateKeyParameters? _key;

    public ChainHeadSigner(IOptions<ConsentSigningOptions> options)
    {
        if (string.IsNullOrWhiteSpace(options.Value.SigningKey))
            return;
        _key = new Ed25519PrivateKeyParameters(Seed(options.Value.SigningKey), 0);
        PublicKey = _key.GeneratePublicKey().GetEncoded();
    }

    /// <summary>False when no key is configured: heads are then not signed.</summary>
    public bool IsConfigured => _key is not null;

    /// <summary>The raw 32-byte public key (empty without a key).</summary>
    public byte[] PublicKey { get; } = [];

    /// <summary>The public key as openssl reads it (<c>openssl pkeyutl -verify -pubin -inkey pub.pem ...</c>).</summary>
    public string PublicKeyPem => IsConfigured
        ? $"-----BEGIN PUBLIC KEY-----\n{Convert.ToBase64String([.. SpkiPrefix, .. PublicKey])}\n-----END PUBLIC KEY-----\n"
        : "";

    public byte[] Sign(byte[] message)
    {
        var signer = new Ed25519Signer();
        signer.Init(true, _key ?? throw new InvalidOperationException("Consent:SigningKey is not configured."));
        signer.BlockUpdate(message, 0, message.Length);
        return signer.GenerateSignature();
    }

    /// <summary>Whether <paramref name="signature"/> is this key's signature of <paramref name="message"/>.</summary>
    public bool Verify(byte[] message, byte[] signature) => IsConfigured && Verify(PublicKey, message, signature);

    public static bool Verify(byte[] publicKey, byte[] message, byte[] signature)
    {
        if (publicKey.Length != Ed25519PublicKeyParameters.KeySize || signature.Length != Ed25519PrivateKeyParameters.SignatureSize)
            return false;
        var verifier = new Ed25519Signer();
        verifier.Init(false, new Ed25519PublicKeyParameters(publicKey, 0));
        verifier.BlockUpdate(message, 0, message.Length);
        return verifier.VerifySignature(signature);
    }

    /// <summary>Whether a configured key is absent or a 32-byte seed in base64 (checked at start-up).</summary>
    public static bool IsValidKey(string? base64)
    {
        var seed = new byte[Ed25519PrivateKeyParameters.KeySize + 1];
        return string.IsNullOrWhiteSpace(base64)
            || (Convert.TryFromBase64String(base64.Trim(), seed, out var length) && length == Ed25519PrivateKeyParameters.KeySize);
    }

    /// <summary>A new private key's seed, base64 (for a local run's generated key).</summary>
    public static string NewSigningKey() => Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(Ed25519PrivateKeyParameters.KeySize));

    private static byte[] Seed(string base64)
    {
        byte[] seed;
        try
        {
            seed = Convert.FromBase64String(base64.Trim());
        }
        catch (FormatException)
        {
            throw new InvalidOperationException("Consent:SigningKey must be a 32-byte Ed25519 seed in base64.");
        }
        return seed.Length == Ed25519PrivateKeyParameters.KeySize
            ? seed
            : throw new InvalidOperationException("Consent:SigningKey must be a 32-byte Ed25519 seed in base64.");
    }
}
