namespace LeadsAssurance.Tests.Infrastructure;

/// <summary>Bodies of POST /api/v1/leads as a provider's landing page sends them.</summary>
public static class LeadRequests
{
    private static int _phone = 10_000_000;

    /// <summary>A valid Mutuelle santé lead with a unique mobile number and e-mail, its consent captured an hour before <paramref name="now"/>.</summary>
    public static object Lead(DateTimeOffset now, string? zip = "69003", string? city = "Lyon", string? phone = null, string? email = null,
        string product = "MUTUELLE_SANTE", object? attributes = null, object? consent = null, string lastName = "Dupont")
    {
        var n = Interlocked.Increment(ref _phone);
        return new
        {
            productCode = product,
            firstName = "Éloïse",
            lastName,
            phone = phone ?? $"06 {n / 1_000_000 % 100:00} {n / 10_000 % 100:00} {n / 100 % 100:00} {n % 100:00}",
            email = email ?? $"eloise.{n}@exemple.fr",
            zipCode = zip,
            city,
            attributes = attributes ?? new { regime = "general", composition = "couple", dateNaissance = "1980-05-17", niveau = "confort" },
            consent = consent ?? Consent(now.AddHours(-1)),
        };
    }

    public static object Consent(DateTimeOffset capturedAt) => new
    {
        text = "J'accepte d'être contacté par les partenaires cités au sujet de ma mutuelle.",
        textVersion = "v3",
        capturedAt,
        ipAddress = "203.0.113.7",
        userAgent = "Mozilla/5.0 (X11; Linux x86_64)",
        sourceUrl = "https://comparateur.exemple.fr/mutuelle",
        partners = new[] { "Cabinet Martin", "Assurances Durand" },
    };
}
