using System.Net;
using LeadsAssurance.Domain.Accounts;
using LeadsAssurance.Domain.Email;
using Microsoft.AspNetCore.Identity;

namespace LeadsAssurance.Web.Hosting;

/// <summary>
/// Identity's account e-mails (confirmation, password reset) go through the outbox like every other e-mail: the page
/// answers at once, the job sends, and the link or code is never written to a log.
/// </summary>
public sealed class OutboxEmailSender(EmailOutbox outbox, EmailTemplates emails, PublicLinks links) : IEmailSender<ApplicationUser>
{
    public Task SendConfirmationLinkAsync(ApplicationUser user, string email, string confirmationLink) =>
        outbox.EnqueueAsync(email, emails.EmailConfirmation(Public(confirmationLink)));

    public Task SendPasswordResetLinkAsync(ApplicationUser user, string email, string resetLink) =>
        outbox.EnqueueAsync(email, emails.PasswordReset(Public(resetLink)));

    public Task SendPasswordResetCodeAsync(ApplicationUser user, string email, string resetCode) =>
        outbox.EnqueueAsync(email, emails.PasswordResetCode(WebUtility.HtmlDecode(resetCode)));

    // Identity hands links over HTML-encoded, and built on the request's host; the templates encode for themselves,
    // and links leave on the configured public address.
    private Uri Public(string encodedLink) => links.Rebase(WebUtility.HtmlDecode(encodedLink));
}
