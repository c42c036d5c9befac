using LeadsAssurance.Domain.Email;
using Microsoft.Extensions.DependencyInjection;

namespace LeadsAssurance.Tests.Infrastructure;

/// <summary>
/// The text of a queued e-mail as its recipient gets it. A sent message's bodies are cleared from the outbox, and the
/// app's job may send at any moment: the test sends what is due itself and reads the file the pickup folder received.
/// </summary>
public static class SentMail
{
    public static async Task<string> TextAsync(AppFactory app, Guid emailId)
    {
        await app.Services.GetRequiredService<QueuedEmailSender>().SendDueAsync();
        // The job may have claimed it first and still be writing it.
        var path = Path.Combine(app.MailFolder, $"{emailId}.eml");
        (await Eventually.TrueAsync(() => File.Exists(path))).Should().BeTrue($"e-mail {emailId} should reach the pickup folder");
        return (await MimeKit.MimeMessage.LoadAsync(path)).TextBody ?? "";
    }
}
