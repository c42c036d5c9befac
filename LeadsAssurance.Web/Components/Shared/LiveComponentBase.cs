using Microsoft.AspNetCore.Components;

namespace LeadsAssurance.Web.Components.Shared;

/// <summary>
/// For pages that follow the market live: bursts of events are coalesced into one reload, run on the renderer,
/// with failures sent to the circuit's error handling.
/// </summary>
public abstract class LiveComponentBase : ComponentBase, IDisposable
{
    private CancellationTokenSource? _pending;

    /// <summary>Reloads after <paramref name="delay"/>, unless another call comes first and replaces this one.</summary>
    protected void ScheduleReload(TimeSpan delay, Func<Task> reload)
    {
        _pending?.Cancel();
        var cts = _pending = new CancellationTokenSource();
        _ = InvokeAsync(async () =>
        {
            try
            {
                await Task.Delay(delay, cts.Token);
                await reload();
                StateHasChanged();
            }
            catch (OperationCanceledException)
            {
                // A newer reload replaced this one.
            }
            catch (Exception ex)
            {
                await DispatchExceptionAsync(ex);
            }
        });
    }

    public virtual void Dispose()
    {
        _pending?.Cancel();
        GC.SuppressFinalize(this);
    }
}
