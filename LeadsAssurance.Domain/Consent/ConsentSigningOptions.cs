namespace LeadsAssurance.Domain.Consent;

/// <summary>The "Consent" section: the key that seals the consent chain's head each Paris day.</summary>
public sealed class ConsentSigningOptions
{
    public const string Section = "Consent";

    /// <summary>
    /// The Ed25519 private key as its 32-byte seed in base64 (<c>Consent__SigningKey</c>). Unset: no daily seal is made
    /// (Development and the embedded local run generate one under the data folder). Never committed.
    /// </summary>
    public string? SigningKey { get; set; }
}
