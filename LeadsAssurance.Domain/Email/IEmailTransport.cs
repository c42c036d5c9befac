namespace LeadsAssurance.Domain.Email;

/// <summary>Where queued messages go: an SMTP server, or a folder of .eml files when none is configured.</summary>
public interface IEmailTransport
{
    /// <summary>Opens a session for a run of messages (one SMTP connection for all of them).</summary>
    Task<IEmailSession> OpenAsync(CancellationToken ct);
}
