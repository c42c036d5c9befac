using System.Net;
using System.Net.Mail;
using LeadsAssurance.Domain.Catalog;
using LeadsAssurance.Domain.Consent;
using LeadsAssurance.Domain.Leads;
using LeadsAssurance.Domain.Market;
using Microsoft.Extensions.Options;

namespace LeadsAssurance.Domain.Ingestion;

/// <summary>
/// A submission that passed every check, normalised (E.164 phone, official city, département, trimmed text), with the
/// HTML of its collection page if sent (the consent names it by <see cref="ConsentCapture.PageSnapshotSha256"/>).
/// </summary>
public sealed record ValidLead(ProductSummary Product, LeadContact Contact, string Departement, string AttributesJson, bool Exclusive,
    ConsentCapture Consent, string? PageSnapshot = null);

/// <summary>
/// The rules every ingestion path applies (form, CSV, API), so they never diverge. Pure apart from the cached catalogue:
/// duplicates are checked by <see cref="LeadIngestion"/> against the database.
/// </summary>
public sealed class LeadValidator(CatalogService catalog, AttributeValidator attributes, IOptions<MarketOptions> options,
    IOptions<ConsentCaptureOptions> consentOptions, TimeProvider time)
{
    /// <summary>Tolerated clock difference between the provider's server and ours for a consent's capture time.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    /// <param name="partnerLists">The latest versions of the partner lists the batch refers to (<see cref="Partners.PartnerLists.LatestAsync"/>), the provider's only.</param>
    public async Task<(ValidLead? Lead, IReadOnlyDictionary<string, string[]> Errors)> ValidateAsync(LeadSubmission submission, CancellationToken ct = default,
        IReadOnlyDictionary<Guid, Partners.PartnerListRef>? partnerLists = null)
    {
        var errors = new Errors();
        var product = await ProductAsync(submission.ProductCode, errors, ct);

        var firstName = Name(submission.FirstName, "firstName", "Le prénom", errors);
        var lastName = Name(submission.LastName, "lastName", "Le nom", errors);
        var phone = FrenchPhone.Normalize(submission.Phone, out var phoneError);
        errors.AddIf("phone", phoneError);
        var email = Email(submission.Email, errors);

        PostalAddress? address = null;
        if (string.IsNullOrWhiteSpace(submission.ZipCode))
            errors.Add("zipCode", "Le code postal est obligatoire.");
        else if (FormulaLike(submission.City))
            errors.Add("city", FormulaMessage);
        else
        {
            address = PostalCodes.Resolve(submission.ZipCode.Trim(), submission.City, out var zipError);
            if (zipError is not null)
                errors.Add(zipError.StartsWith("La ville", StringComparison.Ordinal) || zipError.StartsWith("Précisez", StringComparison.Ordinal) ? "city" : "zipCode", zipError);
        }

        var attributesJson = (submission.Attributes ?? []).ToJsonString();
        if (product is not null)
        {
            foreach (var (name, values) in await attributes.ValidateAsync(product.AttributesSchema, attributesJson))
                foreach (var message in values)
                    errors.Add(name.Length == 0 ? "attributes" : $"attributes.{name}", message);
            foreach (var (name, value) in submission.Attributes ?? [])
                if (value is System.Text.Json.Nodes.JsonValue v && v.TryGetValue<string>(out var text) && FormulaLike(text))
                    errors.Add($"attributes.{name}", FormulaMessage);
        }

        var consent = Consent(submission.Consent, errors, partnerLists);

        if (errors.Any || product is null || phone is null || email is null || address is null || consent is null)
            return (null, errors.ToDictionary());
        var exclusive = submission.Exclusive ?? true;
        if (!exclusive && product.MaxBuyers < 2)
        {
            errors.Add("exclusive", "Ce produit ne se vend qu'en exclusivité.");
            return (null, errors.ToDictionary());
        }
        var contact = new LeadContact(firstName!, lastName!, phone, email, address.ZipCode, address.City);
        var snapshot = string.IsNullOrEmpty(submission.Consent?.PageSnapshot) ? null : submission.Consent.PageSnapshot;
        return (new ValidLead(product, contact, address.Departement, attributesJson, exclusive, consent, snapshot), errors.ToDictionary());
    }

    private async Task<ProductSummary?> ProductAsync(string? code, Errors errors, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(code))
        {
            errors.Add("productCode", "Le produit est obligatoire.");
            return null;
        }
        var product = (await catalog.ListAsync(activeOnly: false, ct)).FirstOrDefault(p => string.Equals(p.Code, code.Trim(), StringComparison.OrdinalIgnoreCase));
        if (product is null)
            errors.Add("productCode", $"Produit inconnu : « {code.Trim()} ».");
        else if (!product.IsActive)
            errors.Add("productCode", $"Le produit « {product.Label} » n'est pas en vente actuellement.");
        return product is { IsActive: true } ? product : null;
    }

    private const string FormulaMessage = "Valeur refusée : un champ ne peut pas commencer par =, +, -, @ (risque d'injection de formule dans un tableur).";

    /// <summary>Text that a spreadsheet would run as a formula when the lead is exported.</summary>
    public static bool FormulaLike(string? value) =>
        value?.TrimStart() is [ '=' or '+' or '-' or '@' or '\t' or '\r', ..];

    private static string? Name(string? value, string field, string label, Errors errors)
    {
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed))
            errors.Add(field, $"{label} est obligatoire.");
        else if (AnyChar(trimmed, char.IsControl))
            errors.Add(field, $"{label} contient des caractères de contrôle.");
        else if (FormulaLike(trimmed))
            errors.Add(field, FormulaMessage);
        else if (trimmed.Length > 100)
            errors.Add(field, $"{label} dépasse 100 caractères.");
        else if (!AnyChar(trimmed, char.IsLetter))
            errors.Add(field, $"{label} doit contenir des lettres.");
        else
            return trimmed.Contains("  ", StringComparison.Ordinal) ? string.Join(' ', trimmed.Split(' ', StringSplitOptions.RemoveEmptyEntries)) : trimmed;
        return null;
    }

    // A loop over the characters rather than LINQ over the string (which boxes an enumerator): this runs for several
    // fields of every imported row.
    private static bool AnyChar(string s, Func<char, bool> test)
    {
        foreach (var c in s)
            if (test(c))
                return true;
        return false;
    }

    private static string? Email(string? value, Errors errors)
    {
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            errors.Add("email", "L'e-mail est obligatoire.");
            return null;
        }
        if (trimmed.Length <= 254 && !AnyChar(trimmed, static c => char.IsControl(c) || char.IsWhiteSpace(c)) && !FormulaLike(trimmed)
            // With its encoding given, MailAddress skips a lookup through the registered code pages on every call.
            && MailAddress.TryCreate(trimmed, null, System.Text.Encoding.UTF8, out var address) && address.Address == trimmed
            && address.Host.Contains('.') && !address.Host.EndsWith('.'))
            return trimmed.ToLowerInvariant();
        errors.Add("email", $"Adresse e-mail invalide : « {trimmed} ».");
        return null;
    }

    private ConsentCapture? Consent(ConsentSubmission? consent, Errors errors, IReadOnlyDictionary<Guid, Partners.PartnerListRef>? partnerLists)
    {
        if (consent is null)
        {
            errors.Add("consent", "Le consentement est obligatoire : texte, version, date de recueil, adresse IP, navigateur, page et partenaires.");
            return null;
        }
        var before = errors.Count;
        var text = Required(consent.Text, "consent.text", "Le texte du consentement", 10_000, errors);
        var version = Required(consent.TextVersion, "consent.textVersion", "La version du texte", 50, errors);
        var userAgent = Required(consent.UserAgent, "consent.userAgent", "Le navigateur (user agent)", 1000, errors);
        var now = time.GetUtcNow();
        if (consent.CapturedAt is not { } capturedAt)
            errors.Add("consent.capturedAt", "La date de recueil du consentement est obligatoire.");
        else if (capturedAt > now + ClockSkew)
            errors.Add("consent.capturedAt", "La date de recueil du consentement est dans le futur.");
        else if (!LeadSaleRule.ConsentIsValid(capturedAt, LeadSaleRule.ConsentCutoff(now, options.Value.ConsentValidity)))
            errors.Add("consent.capturedAt", $"Consentement de plus de {options.Value.ConsentValidity.TotalDays:0} jours : le lead ne peut plus être vendu (Code des assurances, R112-7).");
        var ip = consent.IpAddress?.Trim();
        if (string.IsNullOrEmpty(ip))
            errors.Add("consent.ipAddress", "L'adresse IP du recueil est obligatoire.");
        else if (!IPAddress.TryParse(ip, out var parsed) || ip.Length > 45)
            errors.Add("consent.ipAddress", $"Adresse IP invalide : « {ip} ».");
        else
            ip = parsed.ToString();
        var url = consent.SourceUrl?.Trim();
        if (string.IsNullOrEmpty(url))
            errors.Add("consent.sourceUrl", "L'adresse de la page de recueil est obligatoire.");
        else if (url.Length > 2000 || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
            errors.Add("consent.sourceUrl", "L'adresse de la page de recueil doit être une URL http(s) complète.");
        var partners = new List<string>(consent.Partners?.Count ?? 0);
        foreach (var partner in consent.Partners ?? [])
            if (partner?.Trim() is { Length: > 0 } name && !partners.Contains(name))
                partners.Add(name);
        Partners.PartnerListRef? list = null;
        if (consent.PartnerListId is { } listId)
        {
            if (partnerLists?.GetValueOrDefault(listId) is { } found)
            {
                list = found;
                foreach (var name in found.Names)
                    if (!partners.Contains(name))
                        partners.Add(name);
            }
            else
                errors.Add("consent.partnerListId", $"Liste de partenaires inconnue : « {listId} » (publiez-la d'abord, depuis votre compte apporteur).");
        }
        if (partners.Count == 0 && consent.PartnerListId is null)
            errors.Add("consent.partners", "Nommez au moins un partenaire autorisé à contacter la personne, ou indiquez votre liste de partenaires (partnerListId).");
        else if (partners.Exists(p => p.Length > 200 || AnyChar(p, char.IsControl)))
            errors.Add("consent.partners", "Nom de partenaire invalide (200 caractères au plus, sans caractère de contrôle).");
        // Kept as sent, byte for byte: its SHA-256 is what the proof commits to.
        var snapshot = string.IsNullOrEmpty(consent.PageSnapshot) ? null : consent.PageSnapshot;
        var maxBytes = consentOptions.Value.PageSnapshotMaxBytes;
        if (snapshot is not null && (snapshot.Length > maxBytes || System.Text.Encoding.UTF8.GetByteCount(snapshot) > maxBytes))
            errors.Add("consent.pageSnapshot", $"La capture HTML de la page de recueil dépasse {maxBytes / 1024} Ko (limite de la plateforme).");
        if (errors.Count > before)
            return null;
        return new ConsentCapture(text!, version!, consent.CapturedAt!.Value, ip!, userAgent!, url!, partners,
            consent.CheckboxUncheckedByDefault, snapshot is null ? null : ConsentPageSnapshot.HashOf(snapshot), list?.Reference);
    }

    private static string? Required(string? value, string field, string label, int max, Errors errors)
    {
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed))
            errors.Add(field, $"{label} est obligatoire.");
        else if (trimmed.Length > max)
            errors.Add(field, $"{label} dépasse {max} caractères.");
        else
            return trimmed;
        return null;
    }

    private sealed class Errors
    {
        private static readonly IReadOnlyDictionary<string, string[]> None = new Dictionary<string, string[]>();
        // Created on the first error: most rows of an import have none.
        private Dictionary<string, List<string>>? _errors;
        public bool Any => _errors is { Count: > 0 };
        public int Count => _errors?.Values.Sum(v => v.Count) ?? 0;

        public void Add(string field, string message)
        {
            _errors ??= [];
            if (!_errors.TryGetValue(field, out var list))
                _errors[field] = list = [];
            if (!list.Contains(message))
                list.Add(message);
        }

        public void AddIf(string field, string? message)
        {
            if (message is not null)
                Add(field, message);
        }

        public IReadOnlyDictionary<string, string[]> ToDictionary() => _errors?.ToDictionary(e => e.Key, e => e.Value.ToArray()) ?? None;
    }
}
