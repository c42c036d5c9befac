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

    public void SetActive(bool active)
    {
        if (BuiltIn && !active)
            throw new DomainException("Les motifs par défaut restent toujours proposés aux courtiers.");
        Active = active;
    }
}
