using LeadsAssurance.Domain.Flows;
using LeadsAssurance.Domain.Market;
using LeadsAssurance.Domain.Reporting;
using LeadsAssurance.Web.Components.Shared;
using LeadsAssurance.Web.Hosting.Auth;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;

namespace LeadsAssurance.Web.Components.Pages.Broker;

/// <summary>
/// The broker's home: his spend and purchases, live. The balance follows each <see cref="BalanceChanged"/> at once; the
/// figures are read again at most once a second while his purchases come in (a flow can buy hundreds in an import).
/// </summary>
public partial class Dashboard : LiveComponentBase
{
    private static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(1);

    [Inject] private BrokerDashboard Reports { get; set; } = default!;
    [Inject] private MarketNotifier Notifier { get; set; } = default!;
    [CascadingParameter] private Task<AuthenticationState> AuthState { get; set; } = default!;

    private Guid _brokerId;
    private BrokerDashboardSnapshot? _data;
    private decimal _balance;
    private long _balanceEntry = -1;
    private IDisposable? _subscription;
    private int _loads;

    protected override async Task OnInitializedAsync()
    {
        _brokerId = (await AuthState).User.RequiredAccountId();
        _subscription = Notifier.Subscribe(OnMarketEventAsync);
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        // The first read and a reload for an early purchase can overlap: the older must not finish last and stay.
        var load = ++_loads;
        var data = await Reports.GetAsync(_brokerId);
        if (load != _loads)
            return;
        _data = data;
        // A balance announced while this read ran may be newer than the one it found.
        if (data.BalanceEntryId >= _balanceEntry)
            (_balance, _balanceEntry) = (data.Balance, data.BalanceEntryId);
    }

    private Task OnMarketEventAsync(MarketEvent e)
    {
        switch (e)
        {
            case BalanceChanged changed when changed.AccountId == _brokerId:
                return InvokeAsync(() =>
                {
                    if (changed.EntryId > _balanceEntry)
                    {
                        (_balance, _balanceEntry) = (changed.Balance, changed.EntryId);
                        StateHasChanged();
                    }
                    ThrottleReload(RefreshInterval, LoadAsync);
                });
            case FlowDelivered delivered when delivered.BrokerId == _brokerId:
            case LeadSold sold when sold.BrokerId == _brokerId:
            case MarketResync:
                ThrottleReload(RefreshInterval, LoadAsync);
                break;
        }
        return Task.CompletedTask;
    }

    private static string Leads(int count, string participle) =>
        count <= 1 ? $"{count} lead {participle}" : $"{count.ToString("N0", Fr.Culture)} leads {participle}s";

    public override void Dispose()
    {
        _subscription?.Dispose();
        base.Dispose();
    }
}
