using System.ComponentModel.DataAnnotations;

namespace LeadsAssurance.Domain.Email;

/// <summary>The "Email:Smtp" section: the relay that delivers the platform's e-mails.</summary>
public sealed class SmtpOptions
{
    /// <summary>Unset: no SMTP; messages are written as .eml files (refused in Production).</summary>
    public string? Host { get; set; }

    [Range(1, 65535)]
    public int Port { get; set; } = 587;

    /// <summary>Unset: no authentication (a local relay).</summary>
    public string? User { get; set; }

    public string? Password { get; set; }

    /// <summary>TLS required: implicit on port 465, STARTTLS on any other. False only for a relay on a trusted network.</summary>
    public bool UseTls { get; set; } = true;

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Host);
}
