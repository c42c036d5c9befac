using Microsoft.AspNetCore.Identity;

namespace LeadsAssurance.Domain.Accounts;

/// <summary>An account of the marketplace: an Identity user with a role, a company and an approval status.</summary>
public class ApplicationUser : IdentityUser<Guid>
{
    /// <summary>The length of the status_reason column.</summary>
    public const int MaxStatusReasonLength = 500;

    public AccountRole Role { get; set; }
    public AccountStatus Status { get; private set; } = AccountStatus.Pending;
    /// <summary>Setting it refreshes <see cref="PartnerKeys"/> (EF Core reads the backing field, not this setter).</summary>
    public string CompanyName
    {
        get => _companyName;
        set { _companyName = value; RefreshPartnerKeys(); }
    }
    private string _companyName = "";
    /// <summary>A broker's choice of e-mails about what his flows buy.</summary>
    public Flows.FlowNotifications FlowNotifications { get; set; }
    public string? Siren { get; set; }
    public string? OriasNumber
    {
        get => _oriasNumber;
        set { _oriasNumber = value; RefreshPartnerKeys(); }
    }
    private string? _oriasNumber;

    /// <summary>A broker's trade names (noms commerciaux), as he declares them: a consent naming one of them names him.</summary>
    public List<string> TradeNames { get; private set; } = [];

    /// <summary>
    /// The keys under which a consent names this account (<see cref="Partners.PartnerName.BrokerKeys"/>): company name,
    /// trade names, ORIAS number. Kept with the account so that the market and the flows match them in SQL.
    /// </summary>
    public string[]? PartnerKeys { get; private set; }

    /// <summary>Most trade names a broker may declare.</summary>
    public const int MaxTradeNames = 10;
    public const int MaxTradeNameLength = 120;

    /// <summary>Replaces the declared trade names; <see cref="ValidationFailedException"/> (field "tradeNames") when one is not acceptable.</summary>
    public void DeclareTradeNames(IEnumerable<string?> names)
    {
        var kept = new List<string>();
        var keys = new HashSet<string>();
        foreach (var raw in names)
        {
            if (raw?.Trim() is not { Length: > 0 } name)
                continue;
            if (name.Length > MaxTradeNameLength || name.Any(char.IsControl))
                throw new ValidationFailedException("tradeNames", $"Nom commercial invalide : « {Shorten(name)} » ({MaxTradeNameLength} caractères au plus, sans caractère de contrôle).");
            var key = Partners.PartnerName.Normalize(name);
            if (key.Length == 0)
                throw new ValidationFailedException("tradeNames", $"« {Shorten(name)} » ne contient pas de nom : une forme juridique seule (SAS, SARL…) ne désigne personne.");
            if (keys.Add(key))
                kept.Add(name);
        }
        if (kept.Count > MaxTradeNames)
            throw new ValidationFailedException("tradeNames", $"Déclarez {MaxTradeNames} noms commerciaux au plus ({kept.Count} reçus).");
        TradeNames = kept;
        RefreshPartnerKeys();
    }

    /// <summary>Computes <see cref="PartnerKeys"/> again (also for accounts created before the keys existed).</summary>
    public void RefreshPartnerKeys() => PartnerKeys = Partners.PartnerName.BrokerKeys(_companyName, _oriasNumber, TradeNames ?? []);

    private static string Shorten(string value) => value.Length <= 40 ? value : value[..40] + "…";
    public string? StatusReason { get; private set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? StatusChangedAt { get; private set; }

    /// <summary>Lets the account use the marketplace.</summary>
    public void Approve(DateTimeOffset now, string? reason = null)
    {
        if (Status == AccountStatus.Active)
            throw new DomainException("Ce compte est déjà actif.");
        ChangeStatus(AccountStatus.Active, reason, now);
    }

    /// <summary>Blocks the account at once: pages, API keys and open sessions.</summary>
    public void Suspend(DateTimeOffset now, string reason)
    {
        if (string.IsNullOrWhiteSpace(reason))
            throw new DomainException("Indiquez le motif de la suspension.");
        if (reason.Trim().Length > MaxStatusReasonLength)
            throw new ValidationFailedException("reason", $"Le motif de la suspension compte {MaxStatusReasonLength} caractères au plus.");
        if (Status == AccountStatus.Suspended)
            throw new DomainException("Ce compte est déjà suspendu.");
        ChangeStatus(AccountStatus.Suspended, reason.Trim(), now);
    }

    /// <summary>Creates an account that starts active (bootstrap admin, demo data).</summary>
    public void Activate(DateTimeOffset now) => ChangeStatus(AccountStatus.Active, null, now);

    private void ChangeStatus(AccountStatus status, string? reason, DateTimeOffset now)
    {
        Status = status;
        StatusReason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
        StatusChangedAt = now;
    }
}
