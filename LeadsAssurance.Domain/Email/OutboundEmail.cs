namespace LeadsAssurance.Domain.Email;

/// <summary>
/// One e-mail in the outbox. Written in the transaction of the change it reports, sent later by
/// <see cref="QueuedEmailSender"/>, retried with backoff when the server fails, so no message depends on the SMTP
/// server being up when the request ran.
/// </summary>
public sealed class OutboundEmail
{
    /// <summary>Waits after the 1st, 2nd, ... failed attempt; after the last one the message is given up.</summary>
    public static readonly IReadOnlyList<TimeSpan> RetryDelays =
        [TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30), TimeSpan.FromHours(2)];

    public static int MaxAttempts => RetryDelays.Count + 1;

    private OutboundEmail() { }

    public OutboundEmail(Guid id, string recipient, EmailContent content, DateTimeOffset now)
    {
        Id = id;
        Recipient = recipient;
        Template = content.Template;
        Subject = content.Subject;
        HtmlBody = content.Html;
        TextBody = content.Text;
        Status = OutboundEmailStatus.Queued;
        CreatedAt = now;
        NextAttemptAt = now;
    }

    public Guid Id { get; private set; }
    public EmailTemplate Template { get; private set; }
    public string Recipient { get; private set; } = "";
    public string Subject { get; private set; } = "";

    /// <summary>Erased once sent: a body may hold a password-reset link, which must not outlive its delivery here.</summary>
    public string? HtmlBody { get; private set; }

    public string? TextBody { get; private set; }
    public OutboundEmailStatus Status { get; private set; }
    public int Attempts { get; private set; }
    public DateTimeOffset NextAttemptAt { get; private set; }

    /// <summary>Why the last attempt failed, with addresses and secrets left out.</summary>
    public string? LastError { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset? SentAt { get; private set; }

    public void Delivered(DateTimeOffset now)
    {
        Attempts++;
        Status = OutboundEmailStatus.Sent;
        SentAt = now;
        HtmlBody = null;
        TextBody = null;
    }

    /// <summary>Schedules the next attempt, or gives up after the last one or when the failure is permanent.</summary>
    public void AttemptFailed(string error, bool permanent, DateTimeOffset now)
    {
        Attempts++;
        LastError = error.Length > 500 ? error[..500] : error;
        if (permanent || Attempts >= MaxAttempts)
            Status = OutboundEmailStatus.Failed;
        else
            NextAttemptAt = now + RetryDelays[Attempts - 1];
    }
}
