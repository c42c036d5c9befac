namespace LeadsAssurance.Domain.Email;

public enum OutboundEmailStatus
{
    /// <summary>Waiting for its next attempt.</summary>
    Queued,
    Sent,
    /// <summary>Given up: every retry failed, or the server refused the recipient for good.</summary>
    Failed,
}
