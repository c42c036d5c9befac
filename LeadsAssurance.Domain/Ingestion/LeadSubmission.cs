using System.Text.Json.Nodes;

namespace LeadsAssurance.Domain.Ingestion;

/// <summary>A lead as a provider sends it, by the form, a CSV row or the API (API.md "Leads"). Nothing is trusted yet.</summary>
public sealed record LeadSubmission(
    string? ProductCode, string? FirstName, string? LastName, string? Phone, string? Email, string? ZipCode, string? City,
    JsonObject? Attributes, bool? Exclusive, ConsentSubmission? Consent);

/// <summary>
/// The consent as captured on the provider's page. Optional: whether the checkbox was unticked when the page was shown,
/// and the page's HTML as the person saw it.
/// </summary>
public sealed record ConsentSubmission(
    string? Text, string? TextVersion, DateTimeOffset? CapturedAt, string? IpAddress, string? UserAgent, string? SourceUrl,
    IReadOnlyList<string>? Partners,
    [property: System.ComponentModel.Description("Facultatif : la case de consentement était décochée à l'affichage de la page (true), cochée (false) ; absent ou null : non déclaré. Couvert par l'empreinte.")]
    bool? CheckboxUncheckedByDefault = null,
    [property: System.ComponentModel.Description("Facultatif : le code HTML de la page de recueil telle que la personne l'a vue (Consent:PageSnapshotMaxBytes, 256 Ko par défaut). Conservé une fois par contenu ; son SHA-256 est couvert par l'empreinte.")]
    string? PageSnapshot = null,
    [property: System.ComponentModel.Description("Facultatif : l'identifiant d'une de vos listes de partenaires publiées (POST /api/v1/partner-lists). Le consentement nomme alors les partenaires de sa dernière version, en plus de partners ; la preuve scelle cette version et le SHA-256 de sa page.")]
    Guid? PartnerListId = null);

public enum IngestionStatus
{
    Accepted = 201,
    Invalid = 400,
    Duplicate = 409,
}

/// <summary>
/// What happened to one submission. Errors are French messages keyed by field path ("phone", "consent.capturedAt",
/// "attributes.age"); a duplicate carries the reason, which gives the earlier lead's date.
/// </summary>
public sealed record IngestionResult(
    IngestionStatus Status, Guid? LeadId = null, string? ProofHash = null,
    IReadOnlyDictionary<string, string[]>? Errors = null, string? Reason = null, Leads.LeadStatus? LeadStatus = null)
{
    public static IngestionResult Invalid(IReadOnlyDictionary<string, string[]> errors) => new(IngestionStatus.Invalid, Errors: errors);

    /// <summary>Problems a caller found before validation (unreadable CSV cells) first, then validation's on other fields.</summary>
    public static IReadOnlyDictionary<string, string[]> Merge(IReadOnlyDictionary<string, string[]> known, IReadOnlyDictionary<string, string[]> errors) =>
        known.Concat(errors.Where(e => !known.ContainsKey(e.Key))).ToDictionary(e => e.Key, e => e.Value);
}

/// <summary>How many results of a batch were accepted, refused as duplicates, refused as invalid.</summary>
public readonly record struct IngestionTally(int Accepted, int Duplicates, int Invalid)
{
    public static IngestionTally Of(IReadOnlyList<IngestionResult> results) => new(
        results.Count(r => r.Status == IngestionStatus.Accepted),
        results.Count(r => r.Status == IngestionStatus.Duplicate),
        results.Count(r => r.Status == IngestionStatus.Invalid));
}
