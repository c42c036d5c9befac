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
}

public sealed record MarketPage(IReadOnlyList<MarketLead> Items, int Total);
