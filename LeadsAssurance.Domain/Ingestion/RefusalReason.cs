namespace LeadsAssurance.Domain.Ingestion;

/// <summary>
/// Why a lead was refused at ingestion, as <c>ingestion_refusals</c> counts it per provider and Paris day: a duplicate,
/// or the first field validation refused (a lead counts once, under its first error).
/// </summary>
public static class RefusalReason
{
    public const string Duplicate = "Duplicate";
    /// <summary>The contact is on an opposition list (Bloctel or another).</summary>
    public const string Opposition = "Opposition";
    /// <summary>Invalid leads counted before reasons were kept (the ProviderEarnings migration's backfill).</summary>
    public const string Unrecorded = "Invalid";

    public static string Of(IngestionResult result) => result.Status == IngestionStatus.Duplicate ? Duplicate
        : (result.Errors?.Keys.FirstOrDefault() ?? "") switch
        {
            LeadIngestion.OppositionErrorKey => Opposition,
            "phone" => "Phone",
            "email" => "Email",
            "zipCode" or "city" => "Address",
            "firstName" or "lastName" => "Name",
            "consent.capturedAt" => "ConsentDate",
            var k when k == "consent" || k.StartsWith("consent.", StringComparison.Ordinal) => "Consent",
            var k when k == "attributes" || k.StartsWith("attributes.", StringComparison.Ordinal) => "Attributes",
            "productCode" or "exclusive" => "Product",
            _ => "Other",
        };

    public static string Label(string reason) => reason switch
    {
        Duplicate => "Doublon (même téléphone ou e-mail sous 30 jours)",
        Opposition => "Contact inscrit sur une liste d'opposition au démarchage",
        "Phone" => "Téléphone invalide",
        "Email" => "E-mail invalide",
        "Address" => "Code postal ou ville invalide",
        "Name" => "Nom ou prénom manquant ou invalide",
        "ConsentDate" => "Consentement trop ancien ou daté dans le futur",
        "Consent" => "Preuve de consentement incomplète",
        "Attributes" => "Réponses au questionnaire du produit invalides",
        "Product" => "Produit inconnu ou hors vente",
        Unrecorded => "Données invalides (détail non conservé)",
        _ => "Autre donnée invalide",
    };
}
