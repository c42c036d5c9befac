namespace LeadsAssurance.Domain.Market;

public enum MarketSort { Newest, Oldest, PriceAscending, PriceDescending }

/// <summary>
/// What a broker asks of the market grid. Empty lists mean "all". With <see cref="ForBroker"/>, the leads he already
/// bought or holds are left out: he could not take another place on them.
/// </summary>
public sealed record MarketQuery(
    IReadOnlyList<string>? Products = null, IReadOnlyList<string>? Departements = null, decimal? MinPrice = null,
    decimal? MaxPrice = null, bool? Exclusive = null, int? MaxAgeHours = null, MarketSort Sort = MarketSort.Newest,
    int Page = 1, int PageSize = 50, Guid? ForBroker = null)
{
    public const int MaxPageSize = 200;

    /// <summary>A year: longer than any consent stays valid, so a larger filter would change nothing (and overflow the date).</summary>
    public const int MaxAgeHoursLimit = 24 * 366;

    /// <summary>French errors per field, named as the API's query parameters; empty when the query can run.</summary>
    public Dictionary<string, string[]> Errors()
    {
        var errors = new Dictionary<string, string[]>();
        Paging.Check(Page, PageSize, MaxPageSize, errors);
        if (MaxAgeHours is < 1 or > MaxAgeHoursLimit)
            errors["maxAgeHours"] = [$"L'ancienneté maximale doit être comprise entre 1 et {MaxAgeHoursLimit} heures ({MaxAgeHours} reçu)."];
        if (MinPrice < 0)
            errors["minPrice"] = ["Le prix minimal ne peut pas être négatif."];
        if (MaxPrice < 0)
            errors["maxPrice"] = ["Le prix maximal ne peut pas être négatif."];
        else if (MaxPrice < MinPrice)
            errors["maxPrice"] = ["Le prix maximal doit être supérieur ou égal au prix minimal."];
        return errors;
    }
}

public sealed record MarketPage(IReadOnlyList<MarketLead> Items, int Total);
