using System.ComponentModel.DataAnnotations;

namespace LeadsAssurance.Domain;

/// <summary>The "App" section: how the platform is reached from outside.</summary>
public sealed class AppOptions
{
    public const string Section = "App";

    /// <summary>
    /// The site's public address (scheme, host, optional path), used in every link sent out of the app. Never the
    /// request's own host: a forged Host header would otherwise put a victim's password-reset link on another site.
    /// </summary>
    [Required(ErrorMessage = "App:PublicBaseUrl is not set: e-mails need the site's public address (e.g. App__PublicBaseUrl=https://leads.example.fr).")]
    [Url(ErrorMessage = "App:PublicBaseUrl must be an absolute http(s) address.")]
    public string? PublicBaseUrl { get; set; }
}
