using System.Text.RegularExpressions;
using MailKit.Net.Smtp;
using MimeKit;

namespace LeadsAssurance.Domain.Email;

/// <summary>Why a send failed, fit for a log line and the outbox row.</summary>
internal static partial class EmailErrors
{
    /// <summary>
    /// The server's or the runtime's words, with any e-mail address masked (a refusal often quotes the recipient) and
    /// the SMTP password removed; never the exception's data. A recipient refused with a 5xx code is refused for good.
    /// </summary>
    public static (string Error, bool Permanent) Describe(Exception e, SmtpOptions smtp)
    {
        var (text, permanent) = e switch
        {
            SmtpCommandException c => ($"SMTP {(int)c.StatusCode} {c.ErrorCode}: {c.Message}",
                c.ErrorCode == SmtpErrorCode.RecipientNotAccepted && (int)c.StatusCode >= 500),
            ParseException => ($"Invalid message or address: {e.Message}", true),
            _ => ($"{e.GetType().Name}: {e.Message}", false),
        };
        text = Address().Replace(text, "<adresse masquée>");
        if (!string.IsNullOrEmpty(smtp.Password))
            text = text.Replace(smtp.Password, "***", StringComparison.Ordinal);
        return (text.Length > 500 ? text[..500] : text, permanent);
    }

    [GeneratedRegex(@"[^\s<>""'(),;:]+@[^\s<>""'(),;:]+")]
    private static partial Regex Address();
}
