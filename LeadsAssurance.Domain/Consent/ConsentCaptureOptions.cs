using System.ComponentModel.DataAnnotations;

namespace LeadsAssurance.Domain.Consent;

/// <summary>Limits on what a provider may send with a consent (section "Consent", beside the signing key).</summary>
public sealed class ConsentCaptureOptions
{
    public const string Section = "Consent";

    /// <summary>The largest HTML snapshot of a collection page, in UTF-8 bytes.</summary>
    [Range(1024, 5 * 1024 * 1024)]
    public int PageSnapshotMaxBytes { get; set; } = 256 * 1024;
}
