using LeadsAssurance.Domain.Leads;

namespace LeadsAssurance.Domain.Consent;

/// <summary>
/// Everything the proof hash covers. With an <paramref name="IdentityDigest"/> the version-2 or later form
/// (<paramref name="FormatVersion"/>), which reads only the zip code of <paramref name="Contact"/>; without, the version-1
/// form, which reads the whole identity in clear. Version 3 adds the checkbox fact and the page snapshot's SHA-256, version 4 the partner list version named.
/// </summary>
public sealed record ConsentHashInput(
    Guid LeadId, Guid ProviderId, string ProductCode, LeadContact Contact, string Text, string TextVersion,
    IReadOnlyList<string> Partners, DateTimeOffset CapturedAt, string IpAddress, string UserAgent, string SourceUrl,
    long ChainPosition, string PreviousHash, string? IdentityDigest = null, int FormatVersion = ConsentHasher.FormatVersion,
    bool? CheckboxUncheckedByDefault = null, string? PageSnapshotSha256 = null, string? PartnerList = null)
{
    public int Version => IdentityDigest is null ? ConsentHasher.ClearIdentityVersion : FormatVersion;
}
