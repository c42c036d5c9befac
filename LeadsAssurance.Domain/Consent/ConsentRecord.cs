namespace LeadsAssurance.Domain.Consent;

/// <summary>
/// The proof that a person agreed to be contacted, as captured at the source. Append-only: the database refuses
/// UPDATE and DELETE, and each record's hash covers the previous one, so any later change is detectable.
/// </summary>
public class ConsentRecord
{
    private ConsentRecord() { }

    internal ConsentRecord(Guid leadId, Guid providerId, ConsentCapture capture, long chainPosition,
        string previousHash, string proofHash, DateTimeOffset recordedAt, string? identityDigest, int formatVersion = ConsentHasher.FormatVersion)
    {
        FormatVersion = identityDigest is null ? ConsentHasher.ClearIdentityVersion : formatVersion;
        IdentityDigest = identityDigest;
        LeadId = leadId;
        ProviderId = providerId;
        Text = capture.Text;
        TextVersion = capture.TextVersion;
        Partners = [.. capture.Partners];
        CapturedAt = capture.CapturedAt;
        IpAddress = capture.IpAddress;
        UserAgent = capture.UserAgent;
        SourceUrl = capture.SourceUrl;
        CheckboxUncheckedByDefault = capture.CheckboxUncheckedByDefault;
        PageSnapshotSha256 = capture.PageSnapshotSha256;
        PartnerList = capture.PartnerList;
        ChainPosition = chainPosition;
        PreviousHash = previousHash;
        ProofHash = proofHash;
        RecordedAt = recordedAt;
    }

    public Guid LeadId { get; private set; }
    public Guid ProviderId { get; private set; }
    public string Text { get; private set; } = "";
    public string TextVersion { get; private set; } = "";
    public List<string> Partners { get; private set; } = [];
    public DateTimeOffset CapturedAt { get; private set; }
    public string IpAddress { get; private set; } = "";
    public string UserAgent { get; private set; } = "";
    public string SourceUrl { get; private set; } = "";
    /// <summary>1-based, gapless position in the platform-wide chain.</summary>
    public long ChainPosition { get; private set; }
    public string PreviousHash { get; private set; } = "";
    /// <summary>Lower-case hex SHA-256; see <see cref="ConsentHasher"/>.</summary>
    public string ProofHash { get; private set; } = "";
    public DateTimeOffset RecordedAt { get; private set; }
    /// <summary>Version 3: whether the consent checkbox was unticked when the page was shown; null when not declared.</summary>
    public bool? CheckboxUncheckedByDefault { get; private set; }
    /// <summary>Version 3: lower-case hex SHA-256 of the collection page's HTML (kept in <see cref="ConsentPageSnapshot"/>); null when none.</summary>
    public string? PageSnapshotSha256 { get; private set; }
    /// <summary>Version 4: the provider's partner list version the consent names ("&lt;list id&gt;:&lt;version&gt;:&lt;SHA-256&gt;"); null when none.</summary>
    public string? PartnerList { get; private set; }
    /// <summary>The canonical form's version (<see cref="ConsentHasher"/>): 1 hashed the identity in clear, 2 its digest, 3 adds the checkbox and the snapshot.</summary>
    public int FormatVersion { get; private set; }
    /// <summary>Version 2: the salted <see cref="Consent.IdentityDigest"/> the hash covers; null in version 1.</summary>
    public string? IdentityDigest { get; private set; }
}

/// <summary>The consent as a provider sends it (the page snapshot by its SHA-256: its HTML travels beside, see <see cref="ConsentPageSnapshot"/>).</summary>
public sealed record ConsentCapture(
    string Text, string TextVersion, DateTimeOffset CapturedAt, string IpAddress, string UserAgent,
    string SourceUrl, IReadOnlyList<string> Partners, bool? CheckboxUncheckedByDefault = null, string? PageSnapshotSha256 = null,
    string? PartnerList = null);
