namespace LeadsAssurance.Domain.Privacy;

/// <summary>
/// The proof that a lead's identity was erased (GDPR art. 17): what (the lead and its consent's proof hash), when, who
/// asked, and, for a version-1 consent whose hash covered the identity in clear, the attestation that lets it verify
/// afterwards. Append-only, like the consent records.
/// </summary>
public class IdentityErasure
{
    private IdentityErasure() { }

    public IdentityErasure(Guid leadId, string proofHash, int formatVersion, DateTimeOffset erasedAt, string requestedBy, Guid? actorId,
        DateTimeOffset? verifiedAt, string? residualHash)
    {
        LeadId = leadId;
        ProofHash = proofHash;
        FormatVersion = formatVersion;
        ErasedAt = erasedAt;
        RequestedBy = requestedBy;
        ActorId = actorId;
        VerifiedAt = verifiedAt;
        ResidualHash = residualHash;
    }

    public Guid LeadId { get; private set; }
    public string ProofHash { get; private set; } = "";
    public int FormatVersion { get; private set; }
    public DateTimeOffset ErasedAt { get; private set; }
    /// <summary>Who asked, in words: "admin", "person-email" (code confirmed), "person-phone" (confirmed by an admin), "retention".</summary>
    public string RequestedBy { get; private set; } = "";
    /// <summary>The admin who erased or confirmed, when one did.</summary>
    public Guid? ActorId { get; private set; }
    /// <summary>
    /// Version 1 only: when the record was recomputed from the identity in clear, just before erasing it, and matched its
    /// proof hash and its link (null when it did not: then the proof is reported invalid, as it was).
    /// </summary>
    public DateTimeOffset? VerifiedAt { get; private set; }
    /// <summary>
    /// Version 1 only: SHA-256 of the record's canonical form with the five erased fields empty, computed at that check.
    /// The verifier recomputes it from what remains, so a later change to the consent's text, time, address... still shows.
    /// </summary>
    public string? ResidualHash { get; private set; }
}
