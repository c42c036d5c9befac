using LeadsAssurance.Domain.Data;
using Microsoft.EntityFrameworkCore;

namespace LeadsAssurance.Domain.Email;

/// <summary>
/// Queues e-mails; <see cref="QueuedEmailSender"/> sends them. Queuing is a row in <c>outbound_emails</c>, so a request
/// never waits for the SMTP server, and a message survives a restart or a server outage.
/// </summary>
public sealed class EmailOutbox(IDbContextFactory<AppDbContext> dbFactory, TimeProvider time)
{
    /// <summary>
    /// Adds the message to <paramref name="db"/>: the caller's SaveChanges writes it with the change it reports, in the
    /// caller's transaction when there is one, so a change rolled back sends nothing.
    /// </summary>
    public OutboundEmail Enqueue(AppDbContext db, string recipient, EmailContent content)
    {
        var now = time.GetUtcNow();
        var email = new OutboundEmail(Guid.CreateVersion7(now), recipient, content, now);
        db.OutboundEmails.Add(email);
        return email;
    }

    /// <summary>Queues a message on its own, for a caller with no change to commit alongside.</summary>
    public async Task<Guid> EnqueueAsync(string recipient, EmailContent content, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var email = Enqueue(db, recipient, content);
        await db.SaveChangesAsync(ct);
        return email.Id;
    }
}
