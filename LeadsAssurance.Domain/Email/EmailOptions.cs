namespace LeadsAssurance.Domain.Email;

/// <summary>The "Email" section: where e-mails go, who sends them, and when a broker is told his credits run low.</summary>
public sealed class EmailOptions
{
    public const string Section = "Email";

    /// <summary>The sender, as a mailbox ("Name &lt;address&gt;" or a bare address).</summary>
    public string From { get; set; } = "LeadsAssurance <no-reply@leadsassurance.fr>";

    public SmtpOptions Smtp { get; set; } = new();

    /// <summary>Where messages are written when no SMTP server is configured; the host defaults it under the data folder.</summary>
    public string? PickupFolder { get; set; }

    /// <summary>A purchase that takes a broker's balance from at least this to below it sends one warning.</summary>
    public decimal LowBalanceThreshold { get; set; } = 20m;
}
