using LeadsAssurance.Domain;
using LeadsAssurance.Domain.Data;
using LeadsAssurance.Domain.Market;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace LeadsAssurance.Web.Components.Pages.Broker;

/// <summary>Reserve → countdown → pay with credits → the revealed contact. Closing before paying releases the hold.</summary>
public partial class HoldDialog
{
    private enum State { Reserving, Taken, Held, Paying, Paid, Expired, Redirecting }

    [CascadingParameter] private IMudDialogInstance Dialog { get; set; } = default!;
    [Parameter, EditorRequired] public MarketLead Lead { get; set; } = default!;
    [Parameter, EditorRequired] public Guid BrokerId { get; set; }

    private State _state = State.Reserving;
    private HoldResult? _hold;
    private PurchaseResult? _purchase;
    private decimal _balance;
    private string? _error;
    private readonly CancellationTokenSource _stop = new();

    private TimeSpan Remaining => _hold is null ? TimeSpan.Zero : TimeSpan.FromSeconds(Math.Max(0, Math.Ceiling((_hold.ExpiresAt - Time.GetUtcNow()).TotalSeconds)));
    private double RemainingPercent => _hold is null ? 0 : Math.Clamp(Remaining.TotalSeconds / Math.Max(1, (_hold.ExpiresAt - _heldAt).TotalSeconds) * 100, 0, 100);
    private DateTimeOffset _heldAt;

    protected override async Task OnInitializedAsync()
    {
        try
        {
            _heldAt = Time.GetUtcNow();
            _hold = await Market.ReserveAsync(Lead.Id, BrokerId);
            _balance = await Ledger.GetBalanceAsync(BrokerId);
            _state = State.Held;
            _ = TickAsync();
        }
        catch (LeadTakenException)
        {
            _state = State.Taken;
        }
        catch (DomainException e)
        {
            _state = State.Taken;
            _error = e.Message;
        }
        catch (Exception e) when (DatabaseFaults.IsUnavailable(e))
        {
            _state = State.Taken;
            _error = Unavailable;
        }
    }

    private const string Unavailable = "Le service est momentanément indisponible : rien n'a été réservé ni débité. Réessayez dans quelques secondes.";

    private async Task TickAsync()
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), Time);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                if (_state is State.Held && Remaining <= TimeSpan.Zero)
                    _state = State.Expired;
                await InvokeAsync(StateHasChanged);
                if (_state is not (State.Held or State.Paying))
                    return;
            }
        }
        catch (OperationCanceledException)
        {
            // The dialog closed.
        }
    }

    private async Task PayAsync()
    {
        _state = State.Paying;
        _error = null;
        try
        {
            _purchase = await Market.PayWithCreditsAsync(_hold!.ReservationId, BrokerId);
            _state = State.Paid;
        }
        catch (InsufficientCreditsException e)
        {
            _error = $"{e.Message} La réservation reste active jusqu'à la fin du compte à rebours.";
            _state = State.Held;
        }
        catch (HoldExpiredException)
        {
            _state = State.Expired;
        }
        catch (ConsentExpiredException e)
        {
            _error = e.Message;
            _state = State.Expired;
        }
        catch (Exception e) when (DatabaseFaults.IsUnavailable(e))
        {
            // The payment's transaction did not commit: nothing was charged and the hold is unchanged.
            _error = "Le service est momentanément indisponible : rien n'a été débité, la réservation reste active. Réessayez dans quelques secondes.";
            _state = State.Held;
        }
    }

    /// <summary>
    /// Opens Stripe Checkout for the missing amount. The hold is kept while the broker pays (leaving this dialog for
    /// Stripe must not release it); the webhook buys the lead if the hold is still valid.
    /// </summary>
    private async Task PayByCardAsync()
    {
        _state = State.Paying;
        _error = null;
        try
        {
            var payment = await Cards.StartHeldLeadAsync(BrokerId, _hold!.ReservationId, Navigation.BaseUri);
            _state = State.Redirecting;
            Navigation.NavigateTo(payment.CheckoutUrl!, forceLoad: true);
        }
        catch (HoldExpiredException)
        {
            _state = State.Expired;
        }
        catch (DomainException e)
        {
            _error = e.Message;
            _state = State.Held;
        }
    }

    private async Task CancelAsync()
    {
        await ReleaseIfHeldAsync();
        Dialog.Close();
    }

    private async Task ReleaseIfHeldAsync()
    {
        if (_state is not State.Held || _hold is null)
            return;
        _state = State.Expired;
        try
        {
            await Market.CancelAsync(_hold.ReservationId, BrokerId);
        }
        catch (DomainException)
        {
            // Already expired or paid: nothing to give back.
        }
        catch (Exception e) when (DatabaseFaults.IsUnavailable(e))
        {
            // The hold could not be given back now: it ends by itself at its expiry.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await ReleaseIfHeldAsync();
        _stop.Dispose();
    }
}
