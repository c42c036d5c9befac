namespace LeadsAssurance.Bench;

/// <summary>Samples the managed heap while something runs; <see cref="StopAsync"/> gives its growth at the peak.</summary>
public sealed class HeapPeak
{
    private readonly long _before = GC.GetTotalMemory(forceFullCollection: true);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sampler;
    private long _peak;

    public HeapPeak(TimeSpan interval)
    {
        _peak = _before;
        _sampler = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                _peak = Math.Max(_peak, GC.GetTotalMemory(false));
                await Task.Delay(interval);
            }
        });
    }

    /// <summary>Bytes above the heap measured (after a full collection) when sampling began.</summary>
    public async Task<long> StopAsync()
    {
        await _stop.CancelAsync();
        await _sampler;
        _stop.Dispose();
        return _peak - _before;
    }
}
