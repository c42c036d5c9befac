using LeadsAssurance.Domain;
using LeadsAssurance.Domain.Catalog;
using LeadsAssurance.Domain.Flows;
using LeadsAssurance.Domain.Market;
using LeadsAssurance.Web.Components.Shared;
using LeadsAssurance.Web.Hosting.Auth;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;

namespace LeadsAssurance.Web.Components.Pages.Broker;

/// <summary>
/// The broker's flows, live: a purchase by one of his flows (at ingestion, on any node), a pause or resume by the
/// platform, a webhook call recorded, each reloads the board and the open delivery logs (coalesced: an import that
/// feeds his flows a thousand leads reloads a few times, not a thousand). Only his events count.
/// </summary>
public partial class Flows : LiveComponentBase
{
    private static readonly TimeSpan ReloadDelay = TimeSpan.FromMilliseconds(300);
    private const int LogSize = 50;

    [Inject] private FlowService FlowService { get; set; } = default!;
    [Inject] private CatalogService Catalog { get; set; } = default!;
    [Inject] private MarketNotifier Notifier { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [CascadingParameter] private Task<AuthenticationState> AuthState { get; set; } = default!;

    private Guid _brokerId;
    private IReadOnlyList<FlowBoardItem>? _board;
    private IReadOnlyDictionary<string, string> _labels = new Dictionary<string, string>();
    private readonly HashSet<Guid> _open = [];
    private readonly Dictionary<Guid, IReadOnlyList<FlowDeliveryView>> _deliveries = [];
    private IDisposable? _subscription;
    private FlowNotifications? _notifications;

    protected override async Task OnInitializedAsync()
    {
        _brokerId = (await AuthState).User.RequiredAccountId();
        _labels = (await Catalog.ListAsync(activeOnly: false)).ToDictionary(p => p.Code, p => p.Label);
        _subscription = Notifier.Subscribe(OnEventAsync);
        _notifications = await FlowService.NotificationsAsync(_brokerId);
        await LoadAsync();
    }

    private async Task SetNotificationsAsync(FlowNotifications notifications)
    {
        await FlowService.SetNotificationsAsync(_brokerId, notifications);
        _notifications = notifications;
        Snackbar.Add(notifications switch
        {
            FlowNotifications.EachDelivery => "Vous recevrez un e-mail à chaque livraison de vos flux.",
            FlowNotifications.DailyDigest => "Vous recevrez chaque matin le résumé de la veille.",
            _ => "Vous ne recevrez plus d'e-mail sur les livraisons de vos flux.",
        }, Severity.Success);
    }

    private async Task LoadAsync()
    {
        _board = await FlowService.BoardAsync(_brokerId);
        var shown = _board.Select(b => b.Flow.Id).ToHashSet();
        _open.RemoveWhere(id => !shown.Contains(id));
        foreach (var id in _open)
            _deliveries[id] = await FlowService.DeliveriesAsync(_brokerId, id, LogSize);
    }

    private Task OnEventAsync(MarketEvent e)
    {
        var mine = e switch
        {
            FlowDelivered d => d.BrokerId == _brokerId,
            FlowStatusChanged s => s.BrokerId == _brokerId,
            FlowDeliveryUpdated u => u.BrokerId == _brokerId,
            MarketResync => true,
            _ => false,
        };
        if (mine)
            ThrottleReload(ReloadDelay, LoadAsync);
        return Task.CompletedTask;
    }

    private async Task ToggleAsync(Guid flowId)
    {
        if (!_open.Remove(flowId))
        {
            _open.Add(flowId);
            _deliveries[flowId] = await FlowService.DeliveriesAsync(_brokerId, flowId, LogSize);
        }
    }

    private Task PauseAsync(FlowSummary f) => ActAsync(() => FlowService.PauseAsync(_brokerId, f.Id), $"Flux « {f.Name} » en pause : il n'achète plus.");

    private Task ResumeAsync(FlowSummary f) => ActAsync(() => FlowService.ResumeAsync(_brokerId, f.Id), $"Flux « {f.Name} » repris : il achète de nouveau.");

    private async Task DeleteAsync(FlowSummary f)
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync("Supprimer le flux",
            $"Le flux « {f.Name} » n'achètera plus rien. Les leads qu'il a achetés restent dans « Mes achats ».", yesText: "Supprimer", cancelText: "Annuler");
        if (confirmed == true)
            await ActAsync(() => FlowService.DeleteAsync(_brokerId, f.Id), $"Flux « {f.Name} » supprimé.");
    }

    private async Task RotateSecretAsync(FlowSummary f)
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync("Nouveau secret de signature",
            "L'ancien secret cesse aussitôt de signer les envois : mettez le nouveau dans votre CRM tout de suite.", yesText: "Générer", cancelText: "Annuler");
        if (confirmed != true)
            return;
        var secret = await FlowService.RotateSecretAsync(_brokerId, f.Id);
        await Dialogs.ShowMessageBoxAsync("Nouveau secret de signature",
            new MarkupString($"<p>Copiez-le maintenant : il ne sera plus affiché.</p><p><code class=\"la-mono\" data-testid=\"rotated-secret\" style=\"word-break:break-all\">{System.Net.WebUtility.HtmlEncode(secret)}</code></p>"),
            yesText: "J'ai copié le secret");
    }

    private async Task ResendAsync(FlowDeliveryView delivery) =>
        await ActAsync(() => FlowService.ResendAsync(_brokerId, delivery.Id), "Livraison remise en file : elle part dans quelques secondes.");

    private async Task ActAsync(Func<Task> action, string done)
    {
        try
        {
            await action();
            Snackbar.Add(done, Severity.Success);
        }
        catch (DomainException ex)
        {
            Snackbar.Add(ex.Message, Severity.Error);
        }
        await LoadAsync();
    }

    private string Criteria(FlowSummary f)
    {
        var parts = new List<string>
        {
            string.Join(", ", f.ProductCodes.Select(c => _labels.GetValueOrDefault(c, c))),
            f.Departements.Count == 0 ? "toute la France" : f.Departements.Count <= 6 ? "dépt. " + string.Join(", ", f.Departements) : $"{f.Departements.Count} départements",
        };
        if (f.MaxPrice is { } max)
            parts.Add($"jusqu'à {Fr.Euros(max)}");
        if (f.Exclusive is { } exclusive)
            parts.Add(exclusive ? "exclusifs" : "partagés");
        if (f.MaxConsentAgeHours is { } hours)
            parts.Add(hours < 24 ? $"consentement de moins de {hours} h" : $"consentement de moins de {hours / 24} j");
        if (f.MinProviderScore is { } score)
            parts.Add($"apporteurs {Fr.Stars(score)} et plus");
        if (f.NamedPartnerOnly)
            parts.Add("cité dans le consentement");
        if (f.Attributes.Count > 0)
            parts.Add($"{f.Attributes.Count} critère{(f.Attributes.Count > 1 ? "s" : "")} de produit");
        return string.Join(" · ", parts);
    }

    private static string Host(string url) => Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.Host : url;

    private static double Percent(decimal value, decimal max) => max <= 0 ? 0 : (double)Math.Min(100m, value / max * 100m);

    public override void Dispose()
    {
        _subscription?.Dispose();
        base.Dispose();
    }
}
