using LeadsAssurance.Domain.Leads;

namespace LeadsAssurance.Domain.Privacy;

/// <summary>A person as a privacy request names them: a phone (E.164), an e-mail (lower case), or both.</summary>
public sealed record PersonKey(string? Phone, string? Email)
{
    /// <summary>Normalises as ingestion does, so the stored values match. Throws when neither is given or one is malformed.</summary>
    public static PersonKey From(string? phone, string? email)
    {
        string? normalizedPhone = null;
        if (!string.IsNullOrWhiteSpace(phone))
            normalizedPhone = FrenchPhone.Normalize(phone, out var error) ?? throw new ValidationFailedException("phone", error!);
        var normalizedEmail = string.IsNullOrWhiteSpace(email) ? null : email.Trim().ToLowerInvariant();
        if (normalizedEmail is not null && (normalizedEmail.Length > 254 || !normalizedEmail.Contains('@')))
            throw new ValidationFailedException("email", $"Adresse e-mail invalide : « {email!.Trim()} ».");
        if (normalizedPhone is null && normalizedEmail is null)
            throw new ValidationFailedException("phone", "Indiquez un téléphone ou une adresse e-mail.");
        return new PersonKey(normalizedPhone, normalizedEmail);
    }
}
