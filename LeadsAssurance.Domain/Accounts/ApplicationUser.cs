using Microsoft.AspNetCore.Identity;

namespace LeadsAssurance.Domain.Accounts;

/// <summary>An account of the marketplace: an Identity user with a role, a company and an approval status.</summary>
public class ApplicationUser : IdentityUser<Guid>
{
    /// <summary>The length of the status_reason column.</summary>
    public const int MaxStatusReasonLength = 500;

    public AccountRole Role { get; set; }
    public AccountStatus Status { get; private set; } = AccountStatus.Pending;
    public string CompanyName { get; set; } = "";
    /// <summary>A broker's choice of e-mails about what his flows buy.</summary>
    public Flows.FlowNotifications FlowNotifications { get; set; }
    public string? Siren { get; set; }
    public string? OriasNumber { get; set; }
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
