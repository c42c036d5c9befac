using LeadsAssurance.Domain.Catalog;
using LeadsAssurance.Domain.Market;
using LeadsAssurance.Web.Components.Shared;
using LeadsAssurance.Web.Hosting.Auth;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;

namespace LeadsAssurance.Web.Components.Pages.Broker;

public partial class MarketRoom : LiveComponentBase
{
    private static readonly TimeSpan TakenFade = TimeSpan.FromMilliseconds(700);
    private static readonly TimeSpan Highlight = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan ReloadDelay = TimeSpan.FromMilliseconds(250);

    [CascadingParameter] private Task<AuthenticationState> AuthState { get; set; } = default!;

    /// <summary>Bookmarkable filters: /market?product=MUTUELLE_SANTE,CREDIT_IMMO&amp;departement=69,2A.</summary>
    [SupplyParameterFromQuery(Name = "product")] private string? ProductFilter { get; set; }
    [SupplyParameterFromQuery(Name = "departement")] private string? DepartementFilter { get; set; }

    private MarketQuery _query = new(PageSize: 50);
    private MarketPage? _page;
    private IReadOnlyList<ProductSummary> _products = [];
    private readonly HashSet<Guid> _taken = [];
    private readonly Dictionary<Guid, DateTimeOffset> _fresh = [];
    private IDisposable? _subscription;
    private Guid _brokerId;

    private bool _showFilters;

    private int ActiveFilterCount =>
        (_query.Products?.Count > 0 ? 1 : 0) + (_query.Departements?.Count > 0 ? 1 : 0) + (_query.MinPrice is null ? 0 : 1)
        + (_query.MaxPrice is null ? 0 : 1) + (_query.Exclusive is null ? 0 : 1) + (_query.MaxAgeHours is null ? 0 : 1) + (_query.MinScore is null ? 0 : 1)
        + (_query.NamedPartner is null ? 0 : 1);

    private Task ClearFiltersAsync()
    {
        _showFilters = false;
        _query = new MarketQuery(PageSize: _query.PageSize, Sort: _query.Sort, ForBroker: _brokerId);
        return LoadAsync();
    }

    private int PageCount => _page is null ? 1 : Math.Max(1, (_page.Total + _query.PageSize - 1) / _query.PageSize);

    protected override async Task OnInitializedAsync()
    {
        _brokerId = (await AuthState).User.RequiredAccountId();
        _query = _query with { ForBroker = _brokerId, Products = SplitFilter(ProductFilter), Departements = SplitFilter(DepartementFilter) };
        _products = await Catalog.ListAsync(activeOnly: true);
        _subscription = Notifier.Subscribe(OnMarketEventAsync);
        await LoadAsync();
    }

    private async Task LoadAsync() => _page = await Market.ListAsync(_query);

    private static List<string>? SplitFilter(string? csv) =>
        string.IsNullOrWhiteSpace(csv) ? null : [.. csv.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Take(50)];

    private Task OnQueryChanged(MarketQuery query)
    {
        _query = query with { Page = 1, Sort = _query.Sort, ForBroker = _brokerId };
        return LoadAsync();
    }

    private Task GoToPage(int page)
    {
        _query = _query with { Page = page };
        return LoadAsync();
    }

    private Task SortByPrice()
    {
        _query = _query with { Sort = _query.Sort == MarketSort.PriceAscending ? MarketSort.PriceDescending : MarketSort.PriceAscending, Page = 1 };
        return LoadAsync();
    }

    /// <summary>Runs on the notifier's thread: every UI change goes through InvokeAsync.</summary>
    private Task OnMarketEventAsync(MarketEvent e) => InvokeAsync(async () =>
    {
        switch (e)
        {
            case LeadReserved or LeadSold when _page?.Items.Any(l => l.Id == e.LeadId) == true:
                var left = e is LeadReserved r ? r.BuyersLeft : ((LeadSold)e).BuyersLeft;
                if (left > 0)
                    ScheduleReload(ReloadDelay, LoadAsync);
                else
                {
                    _taken.Add(e.LeadId);
                    StateHasChanged();
                    await Task.Delay(TakenFade);
                    _taken.Remove(e.LeadId);
                    _page = _page! with { Items = [.. _page.Items.Where(l => l.Id != e.LeadId)], Total = Math.Max(0, _page.Total - 1) };
                }
                break;
            case LeadWithdrawn when _page?.Items.Any(l => l.Id == e.LeadId) == true:
                _page = _page! with { Items = [.. _page.Items.Where(l => l.Id != e.LeadId)], Total = Math.Max(0, _page.Total - 1) };
                ScheduleReload(ReloadDelay, LoadAsync);
                break;
            case LeadListed or LeadReleased:
                _fresh[e.LeadId] = Time.GetUtcNow();
                ScheduleReload(ReloadDelay, LoadAsync);
                break;
            case MarketResync:
                ScheduleReload(ReloadDelay, LoadAsync);
                break;
        }
        StateHasChanged();
    });

    private async Task BuyAsync(MarketLead lead)
    {
        var parameters = new DialogParameters<HoldDialog> { { d => d.Lead, lead }, { d => d.BrokerId, _brokerId } };
        var options = new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true, CloseOnEscapeKey = false, BackdropClick = false };
        await Dialogs.ShowAsync<HoldDialog>("Réservation", parameters, options);
    }

    /// <summary>
    /// The row's read-only cells as one encoded markup fragment: one render-tree frame instead of some thirty, which is
    /// what keeps a circuit showing 50 rows light. Every value is HTML-encoded (cities and attributes come from providers).
    /// The classes and data-labels lay the row out as a card on narrow screens (app.css, "la-cards").
    /// </summary>
    private MarkupString Cells(MarketLead lead)
    {
        static string E(string? v) => System.Net.WebUtility.HtmlEncode(v ?? "");
        var type = lead.Exclusive ? "Exclusif" : $"Partagé · {lead.BuyersLeft} place(s)";
        return new MarkupString(
            $"<td class=\"la-card-title\"><b>{E(lead.ProductLabel)}</b></td><td data-label=\"Dépt.\">{E(lead.Departement)}</td><td data-label=\"Ville\">{E(lead.City)}</td>" +
            $"<td data-label=\"Âge\" title=\"{E(Fr.DateTime(lead.CreatedAt))}\">{E(Age(lead.CreatedAt))}</td><td class=\"la-attrs la-card-wide\">{E(Summary(lead))}</td>" +
            $"<td data-label=\"Type\">{E(type)}</td>{Named(lead)}<td data-label=\"Apporteur\" data-testid=\"provider-score\" title=\"Note qualité de l'apporteur (sur 5)\">{E(Fr.Stars(lead.ProviderScore))}<br><small>{E(Fr.Sales(lead.ProviderSales))}</small></td>" +
            $"<td class=\"la-num la-card-end\" data-testid=\"price\">{Price(lead)}</td>");
    }

    /// <summary>Whether the consent names this broker, in words (not a colour alone); a short constant cell for every row.</summary>
    private static string Named(MarketLead lead) => lead.NamedPartner switch
    {
        true => "<td data-label=\"Consentement\" data-testid=\"named-partner\"><b><span aria-hidden=\"true\">✓ </span>Vous êtes cité dans le consentement</b></td>",
        false => "<td data-label=\"Consentement\" data-testid=\"named-partner\"><span class=\"mud-text-secondary\">Non cité</span></td>",
        null => "<td data-label=\"Consentement\" data-testid=\"named-partner\"></td>",
    };

    /// <summary>
    /// The price now and the next drop ("−2,00 € dans 1 h 12"), computed here from the lead's schedule on each render:
    /// the server pushes nothing when a price falls, and the hold decides the price charged. Short markup: every row of
    /// every connected broker's grid keeps it.
    /// </summary>
    private string Price(MarketLead lead)
    {
        var now = Time.GetUtcNow();
        var price = $"<b>{System.Net.WebUtility.HtmlEncode(Fr.Euros(lead.PriceAt(now)))}</b>";
        return lead.NextPriceAt(now) is { } next
            ? $"{price}<br><small>{System.Net.WebUtility.HtmlEncode($"−{Fr.Euros(lead.NextDrop(now))} dans {Fr.Duration(next - now)}")}</small>"
            : price;
    }

    private string RowClass(Guid id) =>
        _taken.Contains(id) ? "la-row-taken" : _fresh.TryGetValue(id, out var at) && Time.GetUtcNow() - at < Highlight ? "la-row-new" : "";

    private string Age(DateTimeOffset createdAt)
    {
        var age = Time.GetUtcNow() - createdAt;
        return age.TotalMinutes < 1 ? "à l'instant" : age.TotalHours < 1 ? $"{(int)age.TotalMinutes} min" : age.TotalDays < 1 ? $"{(int)age.TotalHours} h" : $"{(int)age.TotalDays} j";
    }

    private string Summary(MarketLead lead)
    {
        var product = _products.FirstOrDefault(p => p.Code == lead.ProductCode);
        return product is null ? "" : MarketAttributeFormatter.Format(product.AttributesSchema, lead.Attributes);
    }

    public override void Dispose()
    {
        _subscription?.Dispose();
        base.Dispose();
    }
}
