using System.Text.RegularExpressions;

namespace LeadsAssurance.Domain.Market;

public enum MarketSort { Newest, Oldest, PriceAscending, PriceDescending }

/// <summary>
/// What a broker asks of the market grid. Empty lists mean "all". With <see cref="ForBroker"/>, the leads he already
/// bought or holds are left out: he could not take another place on them, and each lead says whether its consent names
/// him; <see cref="NamedPartner"/> keeps only the leads that name him (true) or those that do not (false).
/// </summary>
public sealed partial record MarketQuery(
    IReadOnlyList<string>? Products = null, IReadOnlyList<string>? Departements = null, decimal? MinPrice = null,
    decimal? MaxPrice = null, bool? Exclusive = null, int? MaxAgeHours = null, MarketSort Sort = MarketSort.Newest,
    int Page = 1, int PageSize = 50, Guid? ForBroker = null, decimal? MinScore = null, bool? NamedPartner = null)
{
    public const int MaxPageSize = 200;

    /// <summary>A year: longer than any consent stays valid, so a larger filter would change nothing (and overflow the date).</summary>
    public const int MaxAgeHoursLimit = 24 * 366;

    /// <summary>
    /// French errors per field, named as the API's query parameters; empty when the query can run. Filters that can
    /// only match nothing (a minimum above the maximum) are not errors: the market room's filters can say that too.
    /// </summary>
    public Dictionary<string, string[]> Errors()
    {
        var errors = new Dictionary<string, string[]>();
        Paging.Check(Page, PageSize, MaxPageSize, errors);
        // Unknown but well-formed product codes just match nothing; anything else (a NUL byte was a 500) is refused.
        if (Products?.FirstOrDefault(p => !ProductCode().IsMatch(p)) is { } product)
            errors["product"] = [$"Code produit invalide : « {Shorten(product)} » (lettres, chiffres, _ et -, 40 au plus)."];
        if (Departements?.FirstOrDefault(d => !Leads.Departements.Names.ContainsKey(d)) is { } departement)
            errors["departement"] = [$"Département inconnu : « {Shorten(departement)} » (un code comme 69, 2A ou 974)."];
        if (MaxAgeHours is < 1 or > MaxAgeHoursLimit)
            errors["maxAgeHours"] = [$"L'ancienneté maximale doit être comprise entre 1 et {MaxAgeHoursLimit} heures ({MaxAgeHours} reçu)."];
        if (NamedPartner is not null && ForBroker is null)
            errors["namedPartner"] = ["Le filtre « cité dans le consentement » vaut pour un courtier identifié."];
        if (MinScore is < 0 or > 5)
            errors["minScore"] = [$"La note minimale de l'apporteur va de 0 à 5 ({MinScore} reçu)."];
        return errors;
    }

    private static string Shorten(string value) => value.Length <= 20 ? value : value[..20] + "…";

    [GeneratedRegex("^[A-Za-z0-9_-]{1,40}$")]
    private static partial Regex ProductCode();
}

public sealed record MarketPage(IReadOnlyList<MarketLead> Items, int Total);
