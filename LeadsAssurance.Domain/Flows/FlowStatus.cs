namespace LeadsAssurance.Domain.Flows;

/// <summary>Whether a flow buys: Active buys at ingestion, Paused does not, Deleted is hidden but kept for its history.</summary>
public enum FlowStatus
{
    Active,
    Paused,
    Deleted,
}

/// <summary>
/// Who or what paused a flow: only a pause for lack of credits ends by itself (after a top-up, when the flow
/// auto-resumes); only the admin ends his own.
/// </summary>
public enum FlowPauseCause
{
    Broker,
    InsufficientCredits,
    Admin,
}
