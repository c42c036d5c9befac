using LeadsAssurance.Domain.Accounts;
using Microsoft.AspNetCore.Identity;

namespace LeadsAssurance.Web.Hosting;

/// <summary>
/// Writes account e-mails (confirmation, password reset) to the log instead of sending them: the link can be
/// copied from the console in Development. Replace with an SMTP sender before going live.
/// </summary>
public sealed class LoggingEmailSender(ILogger<LoggingEmailSender> logger) : IEmailSender<ApplicationUser>
{
    public Task SendConfirmationLinkAsync(ApplicationUser user, string email, string confirmationLink) =>
        Log(email, "Confirmez votre adresse e-mail", confirmationLink);

    public Task SendPasswordResetLinkAsync(ApplicationUser user, string email, string resetLink) =>
        Log(email, "Réinitialisation de votre mot de passe", resetLink);

    public Task SendPasswordResetCodeAsync(ApplicationUser user, string email, string resetCode) =>
        Log(email, "Code de réinitialisation de votre mot de passe", resetCode);

    private Task Log(string to, string subject, string linkOrCode)
    {
        logger.LogInformation("E-mail to {To}: {Subject}: {Link}", to, subject, linkOrCode);
        return Task.CompletedTask;
    }
}
