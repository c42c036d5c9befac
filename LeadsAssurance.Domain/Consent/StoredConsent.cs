using LeadsAssurance.Domain.Leads;
using Npgsql;

namespace LeadsAssurance.Domain.Consent;

/// <summary>
/// A consent record as stored, with what its verification needs from elsewhere: the lead's identity (empty once
/// erased), its salt, and the proof of erasure if any. <see cref="Check"/> is the one rule for every version.
/// </summary>
internal sealed record StoredConsent(
    Guid LeadId, Guid ProviderId, string ProductCode, LeadContact Contact, ConsentCapture Capture, long Position,
    string PreviousHash, string ProofHash, DateTimeOffset RecordedAt, int FormatVersion, string? IdentityDigest,
    byte[]? IdentitySalt, DateTimeOffset? ErasedAt, DateTimeOffset? VerifiedBeforeErasureAt, string? ResidualHash)
{
    internal const string Select = """
        select c.lead_id, c.provider_id, l.product_code, l.first_name, l.last_name, l.phone, l.email, l.zip_code, l.city,
               c.text, c.text_version, c.partners, c.captured_at, c.ip_address, c.user_agent, c.source_url,
               c.chain_position, c.previous_hash, c.proof_hash, c.recorded_at, c.format_version, c.identity_digest,
               l.identity_salt, l.erased_at, e.verified_at, e.residual_hash, c.checkbox_unchecked_by_default, c.page_snapshot_sha256,
               c.partner_list
          from consent_records c join leads l on l.id = c.lead_id left join identity_erasures e on e.lead_id = c.lead_id
        """;

    internal static StoredConsent Read(NpgsqlDataReader r) => new(
        r.GetGuid(0), r.GetGuid(1), r.GetString(2),
        new LeadContact(r.GetString(3), r.GetString(4), r.GetString(5), r.GetString(6), r.GetString(7), r.GetString(8)),
        new ConsentCapture(r.GetString(9), r.GetString(10), r.GetFieldValue<DateTimeOffset>(12), r.GetString(13), r.GetString(14),
            r.GetString(15), r.GetFieldValue<string[]>(11), r.IsDBNull(26) ? null : r.GetBoolean(26), r.IsDBNull(27) ? null : r.GetString(27),
            r.IsDBNull(28) ? null : r.GetString(28)),
        r.GetInt64(16), r.GetString(17), r.GetString(18), r.GetFieldValue<DateTimeOffset>(19), r.GetInt32(20),
        r.IsDBNull(21) ? null : r.GetString(21), r.IsDBNull(22) ? null : r.GetFieldValue<byte[]>(22),
        r.IsDBNull(23) ? null : r.GetFieldValue<DateTimeOffset>(23), r.IsDBNull(24) ? null : r.GetFieldValue<DateTimeOffset>(24),
        r.IsDBNull(25) ? null : r.GetString(25));

    private ConsentHashInput Input() => ConsentChain.HashInput(LeadId, ProviderId, ProductCode, Contact, Capture, Position, PreviousHash)
        with { IdentityDigest = IdentityDigest, FormatVersion = FormatVersion };

    /// <summary>
    /// Version 1: SHA-256 of the canonical form with the erased fields empty. Computed before an erasure (from the
    /// record with its identity blanked) and after (from what remains): equal as long as nothing else changed.
    /// </summary>
    internal string ResidualOfClearForm() => ConsentHasher.ComputeHash(Input() with
    {
        Contact = Contact with { FirstName = "", LastName = "", Phone = "", Email = "", City = "" },
    });

    /// <summary>Null when the record checks: its link, its hash in its version, and its identity while it is held.</summary>
    internal string? Check(string? expectedPrevious)
    {
        if (expectedPrevious is null)
            return $"L'enregistrement précédent (position {Position - 1}) est introuvable.";
        if (PreviousHash != expectedPrevious)
            return $"Le lien vers l'enregistrement précédent est rompu à la position {Position}.";
        var mismatch = $"Les données de l'enregistrement à la position {Position} ne correspondent plus à son empreinte.";
        if (FormatVersion == ConsentHasher.ClearIdentityVersion && ErasedAt is not null)
        {
            // The hash covered the identity now erased: what stands is the check made just before, and what remains.
            if (VerifiedBeforeErasureAt is null || ResidualHash is null)
                return $"L'identité de l'enregistrement à la position {Position} a été effacée sans vérification préalable de sa preuve.";
            return ResidualOfClearForm() == ResidualHash ? null : mismatch;
        }
        if (ConsentHasher.ComputeHash(Input()) != ProofHash)
            return mismatch;
        if (FormatVersion != ConsentHasher.ClearIdentityVersion && ErasedAt is null
            && (IdentitySalt is null || IdentityDigest is null || Consent.IdentityDigest.Compute(IdentitySalt, Contact) != IdentityDigest))
            return $"L'identité du lead ne correspond plus à l'empreinte de l'enregistrement à la position {Position}.";
        return null;
    }
}
