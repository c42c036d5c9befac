using LeadsAssurance.Domain;
using LeadsAssurance.Domain.Flows;
using LeadsAssurance.Domain.Market;
using LeadsAssurance.Web.Components.Shared;
using LeadsAssurance.Web.Hosting.Auth;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;

namespace LeadsAssurance.Web.Components.Pages.Admin;

/// <summary>
/// Every broker's flows for the admin, live: usage against caps, today's deliveries, failed webhooks; a flow can be
/// suspended with a reason (audited; only the admin lifts it).
/// </summary>
public partial class FlowSupervision : LiveComponentBase
{
    private static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(1);

    [Inject] private FlowService Flows { get; set; } = default!;
    [Inject] private MarketNotifier Notifier { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [CascadingParameter] private Task<AuthenticationState> AuthState { get; set; } = default!;

    private IReadOnlyList<SupervisedFlow>? _flows;
    private FailedWebhooks? _failed;
    private string? _search;
    private FlowStatus? _status;
    private IDisposable? _subscription;
    private int _loads;

    private bool Filtered => _status is not null || !string.IsNullOrWhiteSpace(_search);
    private string StatusValue => _status?.ToString() ?? "";

    protected override async Task OnInitializedAsync()
    {
        _subscription = Notifier.Subscribe(e => e is FlowDelivered or FlowStatusChanged or MarketResync
            ? InvokeAsync(() => ThrottleReload(RefreshInterval, LoadAsync))
            : Task.CompletedTask);
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        // Reads overlap when the filters change quickly (a status picked, then a name typed) or a live reload comes
        // meanwhile; only the latest one is shown, or an older read finishing last would undo the newer filter.
        var load = ++_loads;
        var flows = await Flows.ListAllAsync(_status, _search);
        var failed = await Flows.FailedWebhooksAsync(_search);
        if (load == _loads)
            (_flows, _failed) = (flows, failed);
    }

    private async Task SearchAsync(string? search)
    {
        _search = search;
        await LoadAsync();
    }

    private async Task StatusAsync(ChangeEventArgs e)
    {
        _status = Enum.TryParse<FlowStatus>(e.Value as string, out var status) ? status : null;
        await LoadAsync();
    }

    private async Task SuspendAsync(SupervisedFlow flow)
    {
        var reason = await AskAsync("Suspendre le flux",
            $"« {flow.Flow.Name} » de {flow.BrokerCompany} n'achètera plus rien jusqu'à ce que vous le rétablissiez. Le courtier verra le motif.", "Suspendre", Color.Error, true);
        if (reason is null)
            return;
        var admin = (await AuthState).User.RequiredAccountId();
        await RunAsync(() => Flows.SuspendAsync(admin, flow.Flow.Id, reason), $"Flux « {flow.Flow.Name} » suspendu.");
    }

    private async Task ReinstateAsync(SupervisedFlow flow)
    {
        var comment = await AskAsync("Rétablir le flux", $"« {flow.Flow.Name} » de {flow.BrokerCompany} achètera de nouveau.", "Rétablir", Color.Primary, false);
        if (comment is null)
            return;
        var admin = (await AuthState).User.RequiredAccountId();
        await RunAsync(() => Flows.ReinstateAsync(admin, flow.Flow.Id, comment), $"Flux « {flow.Flow.Name} » rétabli.");
    }

    private async Task<string?> AskAsync(string title, string message, string confirm, Color color, bool required)
    {
        var parameters = new DialogParameters<ReasonDialog>
        {
            { d => d.Title, title }, { d => d.Message, message }, { d => d.ConfirmText, confirm },
            { d => d.ConfirmColor, color }, { d => d.Required, required },
        };
        var result = await (await Dialogs.ShowAsync<ReasonDialog>(title, parameters)).Result;
        return result is { Canceled: false, Data: string reason } ? reason : null;
    }

    private async Task RunAsync(Func<Task> action, string success)
    {
        try
        {
            await action();
            Snackbar.Add(success, Severity.Success);
        }
        catch (DomainException e)
        {
            Snackbar.Add(e.Message, Severity.Error);
        }
        await LoadAsync();
    }

    private static string StatusLabel(FlowStatus status) => status switch
    {
        FlowStatus.Active => "Actif",
        FlowStatus.Paused => "En pause",
        _ => "Supprimé",
    };

    /// <summary>"3 / 5" against a cap, "3" without one.</summary>
    private static string Usage(int count, int? cap) =>
        cap is { } c ? $"{count.ToString("N0", Fr.Culture)} / {c.ToString("N0", Fr.Culture)}" : count.ToString("N0", Fr.Culture);

    public override void Dispose()
    {
        _subscription?.Dispose();
        base.Dispose();
    }
}
