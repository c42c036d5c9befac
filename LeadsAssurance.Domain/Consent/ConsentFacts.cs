namespace LeadsAssurance.Domain.Consent;

/// <summary>The version-3 facts of a consent as the pages and the certificate word them.</summary>
public static class ConsentFacts
{
    /// <summary>"Case non cochée par défaut : …".</summary>
    public static string Checkbox(bool? uncheckedByDefault) => uncheckedByDefault switch
    {
        true => "oui",
        false => "non",
        null => "non déclaré",
    };
}
