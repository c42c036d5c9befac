namespace LeadsAssurance.Domain.Disputes;

/// <summary>
/// Why a broker returns a lead. The built-in reasons (<see cref="Defaults"/>) always exist and stay active; an admin
/// adds reasons of his own and may withdraw those.
/// </summary>
public class DisputeReason
{
    private DisputeReason() { }

    public DisputeReason(string code, string label, int sortOrder, bool builtIn = false)
    {
        Code = code;
        Label = label;
        SortOrder = sortOrder;
        BuiltIn = builtIn;
        Active = true;
    }

    public const int MaxCode = 40;
    public const int MaxLabel = 100;

    /// <summary>The reasons of API.md, seeded by the migration.</summary>
    public static readonly IReadOnlyList<DisputeReason> Defaults =
    [
        new("WrongNumber", "Faux numéro / numéro non attribué", 10, true),
        new("Unreachable", "Injoignable après plusieurs tentatives", 20, true),
        new("Duplicate", "Doublon", 30, true),
        new("Fake", "Demande fictive", 40, true),
        new("NoConsent", "Pas de consentement", 50, true),
        new("OutOfTarget", "Hors cible", 60, true),
        new("Intermediary", "Intermédiaire", 70, true),
        new("Other", "Autre", 1000, true),
    ];

    public string Code { get; private set; } = "";
    public string Label { get; private set; } = "";
    public int SortOrder { get; private set; }
    public bool BuiltIn { get; private set; }
    public bool Active { get; private set; }
    /// <summary>
    /// Disputes citing this reason are accepted at once when <see cref="DisputeEvidence"/> finds objective proof (and the
    /// broker is within his return-rate cap). Only reasons with such a check can have it.
    /// </summary>
    public bool AutoAccept { get; private set; }

    public void SetAutoAccept(bool autoAccept)
    {
        if (autoAccept && !DisputeEvidence.Checks(Code))
            throw new DomainException("Ce motif ne peut pas être accepté automatiquement : aucune preuve objective ne peut être vérifiée pour lui.");
        AutoAccept = autoAccept;
    }

    public void SetActive(bool active)
    {
        if (BuiltIn && !active)
            throw new DomainException("Les motifs par défaut restent toujours proposés aux courtiers.");
        Active = active;
    }
}
