namespace LeadsAssurance.Domain.Audit;

/// <summary>A line of the admin-visible audit log: who did what to which account or record, and why.</summary>
public class AuditEntry
{
    private AuditEntry() { }

    public AuditEntry(Guid? actorId, string action, string subject, string? details, DateTimeOffset at)
    {
        ActorId = actorId;
        Action = action;
        Subject = subject;
        Details = details;
        At = at;
    }

    public long Id { get; private set; }
    public DateTimeOffset At { get; private set; }
    public Guid? ActorId { get; private set; }
    /// <summary>A stable code such as "account.approved".</summary>
    public string Action { get; private set; } = "";
    public string Subject { get; private set; } = "";
    public string? Details { get; private set; }
}
