namespace LeadsAssurance.Domain;

/// <summary>The "App" configuration section: how the app names itself to the outside world.</summary>
public sealed class AppOptions
{
    public const string Section = "App";

    /// <summary>
    /// The address people reach the app at (e.g. <c>https://app.leadsassurance.fr</c>), used in every link the app
    /// sends away from the request (certificates, exports, QR codes, e-mails, webhooks). A request's Host header is
    /// chosen by the client, so it must not end up in a document or a message. Required in Production.
    /// </summary>
    public string? PublicBaseUrl { get; set; }
}
