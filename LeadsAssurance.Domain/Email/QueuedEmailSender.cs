using LeadsAssurance.Domain.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;

namespace LeadsAssurance.Domain.Email;

/// <summary>
/// Sends the outbox's due messages, one per transaction: the row stays locked (FOR UPDATE SKIP LOCKED) while it is
/// sent and marked, so nodes draining at once never send a message twice, and a crash mid-run loses the record of
/// one delivery at most (that message goes again, with the same Message-ID for receivers to recognise it).
/// </summary>
public sealed class QueuedEmailSender(
    IDbContextFactory<AppDbContext> dbFactory, IEmailTransport transport, IOptions<EmailOptions> options, TimeProvider time,
    ILogger<QueuedEmailSender> logger)
{
    /// <summary>Sends until nothing is due or the server cannot be reached; returns how many were sent.</summary>
    public async Task<int> SendDueAsync(CancellationToken ct = default)
    {
        IEmailSession? session = null;
        var sent = 0;
        try
        {
            while (true)
            {
                await using var db = await dbFactory.CreateDbContextAsync(ct);
                await using var tx = await db.Database.BeginTransactionAsync(ct);
                var now = time.GetUtcNow();
                var email = await db.OutboundEmails.FromSql($"""
                    select * from outbound_emails where status = 'Queued' and next_attempt_at <= {now}
                    order by next_attempt_at limit 1 for update skip locked
                    """).SingleOrDefaultAsync(ct);
                if (email is null)
                    return sent;
                var unreachable = false;
                try
                {
                    var message = Compose(email);
                    session ??= await transport.OpenAsync(ct);
                    await session.SendAsync(message, ct);
                    email.Delivered(time.GetUtcNow());
                    sent++;
                }
                catch (Exception e) when (!ct.IsCancellationRequested)
                {
                    var (error, permanent) = EmailErrors.Describe(e, options.Value.Smtp);
                    email.AttemptFailed(error, permanent, time.GetUtcNow());
                    // No session (it could not open) or a broken one; a refused recipient or a bad address is this message's problem only.
                    unreachable = e is not ParseException && session is not { IsOpen: true };
                }
                await db.SaveChangesAsync(ct);
                await tx.CommitAsync(ct);
                Log(email);
                if (session is { IsOpen: false })
                {
                    await session.DisposeAsync();
                    session = null;
                }
                // The other due messages keep their turn for the next run rather than each waiting out the same failure.
                if (unreachable)
                    return sent;
            }
        }
        finally
        {
            if (session is not null)
                await session.DisposeAsync();
        }
    }

    private MimeMessage Compose(OutboundEmail email)
    {
        var from = MailboxAddress.Parse(options.Value.From);
        var message = new MimeMessage
        {
            MessageId = $"{email.Id}@{from.Domain}",
            Date = email.CreatedAt,
            Subject = email.Subject,
            Body = new BodyBuilder { TextBody = email.TextBody, HtmlBody = email.HtmlBody }.ToMessageBody(),
        };
        message.From.Add(from);
        message.To.Add(MailboxAddress.Parse(email.Recipient));
        // A Content-* header belongs to the body part in MIME; on the message itself MimeKit would not write it.
        message.Body.Headers.Add(HeaderId.ContentLanguage, "fr");
        return message;
    }

    private void Log(OutboundEmail email)
    {
        switch (email.Status)
        {
            case OutboundEmailStatus.Sent:
                logger.LogInformation("E-mail {MessageId} ({Template}) sent, attempt {Attempt}", email.Id, email.Template, email.Attempts);
                break;
            case OutboundEmailStatus.Queued:
                logger.LogWarning("E-mail {MessageId} ({Template}) attempt {Attempt} failed, next at {NextAttemptAt:O}: {Error}",
                    email.Id, email.Template, email.Attempts, email.NextAttemptAt, email.LastError);
                break;
            default:
                logger.LogError("E-mail {MessageId} ({Template}) given up after {Attempts} attempt(s): {Error}",
                    email.Id, email.Template, email.Attempts, email.LastError);
                break;
        }
    }
}
