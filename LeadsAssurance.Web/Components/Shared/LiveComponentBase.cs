using Microsoft.AspNetCore.Components;

namespace LeadsAssurance.Web.Components.Shared;

/// <summary>
/// For pages that follow the market live: bursts of events are coalesced into one reload, run on the renderer,
/// with failures sent to the circuit's error handling.
/// </summary>
public abstract class LiveComponentBase : ComponentBase, IDisposable
{
    private CancellationTokenSource? _pending;
    // Reloads run one after the other: two overlapping reads could otherwise finish out of order and leave the page
    // showing the older state (an import stuck "en cours" after it had ended).
    private readonly SemaphoreSlim _reloading = new(1, 1);
    private static readonly TimeSpan UnavailableRetry = TimeSpan.FromSeconds(2);
    // 1 while a throttled reload waits to start (ThrottleReload).
    private int _throttled;

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
                await _reloading.WaitAsync(cts.Token);
                try
                {
                    cts.Token.ThrowIfCancellationRequested();
                    await reload();
                    StateHasChanged();
                }
                finally
                {
                    _reloading.Release();
                }
            }
            catch (OperationCanceledException)
            {
                // A newer reload replaced this one.
            }
            catch (Exception ex) when (Domain.Data.DatabaseFaults.IsUnavailable(ex))
            {
                // PostgreSQL is restarting or out of connections: the page keeps what it shows and tries again, instead
                // of ending the circuit. A resync follows the database's return anyway.
                ScheduleReload(UnavailableRetry, reload);
            }
            catch (Exception ex)
            {
                await DispatchExceptionAsync(ex);
            }
        });
    }

    /// <summary>
    /// Reloads at most once per <paramref name="interval"/>: the first event schedules a reload that many later, and the
    /// events until it starts join it. Unlike <see cref="ScheduleReload"/>, a steady stream of events (a flow buying
    /// through a large import) cannot put the reload off for ever. Not to be mixed with ScheduleReload in one component.
    /// </summary>
    protected void ThrottleReload(TimeSpan interval, Func<Task> reload)
    {
        if (Interlocked.Exchange(ref _throttled, 1) == 1)
            return;
        ScheduleReload(interval, () =>
        {
            // Cleared before reading: an event that arrives during the read schedules the next reload.
            Volatile.Write(ref _throttled, 0);
            return reload();
        });
    }

    public virtual void Dispose()
    {
        _pending?.Cancel();
        GC.SuppressFinalize(this);
    }
}
