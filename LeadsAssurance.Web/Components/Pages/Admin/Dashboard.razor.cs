using LeadsAssurance.Domain.Flows;
using LeadsAssurance.Domain.Market;
using LeadsAssurance.Domain.Reporting;
using LeadsAssurance.Web.Components.Shared;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace LeadsAssurance.Web.Components.Pages.Admin;

public partial class Dashboard : LiveComponentBase
{
    private const int FeedLength = 15;

    [Inject] private AdminOverview Overview { get; set; } = default!;
    [Inject] private MarketNotifier Notifier { get; set; } = default!;

    private AdminOverviewSnapshot? _data;
    private List<ChartSeries<double>> _series = [];
    private string[] _labels = [];
    private readonly List<FeedLine> _feed = [];
    private IDisposable? _subscription;

    protected override async Task OnInitializedAsync()
    {
        _subscription = Notifier.Subscribe(OnMarketEventAsync);
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        _data = await Overview.GetAsync();
        var byCategory = _data.StockByProduct.GroupBy(p => p.Category).ToList();
        _labels = [.. byCategory.Select(g => g.Key)];
        _series = [new ChartSeries<double> { Name = "Leads en vente", Data = new ChartData<double>([.. byCategory.Select(g => (double)g.Sum(p => p.Leads))]) }];
    }

    private Task OnMarketEventAsync(MarketEvent e) => InvokeAsync(() =>
    {
        if (Describe(e) is { } line)
        {
            _feed.Insert(0, line);
            if (_feed.Count > FeedLength)
                _feed.RemoveAt(_feed.Count - 1);
        }
        // Figures follow the feed, one read per 400 ms at most however steady the stream (an import lists for minutes).
        ThrottleReload(TimeSpan.FromMilliseconds(400), LoadAsync);
        StateHasChanged();
    });

    private static FeedLine? Describe(MarketEvent e) => e switch
    {
        LeadSold s => new FeedLine(Guid.NewGuid(), s.At, Icons.Material.Outlined.ShoppingCartCheckout, Color.Success, $"Vente {s.ProductCode} · {Fr.Euros(s.Price)}"),
        LeadReserved r => new FeedLine(Guid.NewGuid(), r.At, Icons.Material.Outlined.Timer, Color.Primary, $"Réservation · {Fr.Euros(r.Price)} · expire à {Fr.ToParis(r.ExpiresAt):HH:mm}"),
        LeadReleased r => new FeedLine(Guid.NewGuid(), r.At, Icons.Material.Outlined.Undo, Color.Warning, r.Expired ? "Réservation expirée · lead remis en vente" : "Réservation libérée · lead remis en vente"),
        FlowDelivered d => new FeedLine(Guid.NewGuid(), d.At, Icons.Material.Outlined.AltRoute, Color.Success, $"Achat par flux {d.ProductCode} · {Fr.Euros(d.Price)}"),
        LeadListed l => new FeedLine(Guid.NewGuid(), l.At, Icons.Material.Outlined.AddCircleOutline, Color.Info, $"Nouveau lead {l.Lead.ProductLabel} · {l.Lead.Departement}"),
        _ => null,
    };

    private string SalesCaption => _data!.SalesTodayByChannel.FlowShare is { } share
        ? $"{_data.SalesToday} vente(s) aujourd'hui · {share.ToString("P0", Fr.Culture)} par flux"
        : $"{_data.SalesToday} vente(s) aujourd'hui";

    public override void Dispose()
    {
        _subscription?.Dispose();
        base.Dispose();
    }

    private sealed record FeedLine(Guid Id, DateTimeOffset At, string Icon, Color Color, string Text);
}
