using LeadsAssurance.Domain.Market;

namespace LeadsAssurance.Domain.Ingestion;

/// <summary>
/// Import progress for the provider's open pages, on every node: <see cref="Report"/> goes through the cross-node
/// <see cref="MarketEventBus"/>, and <see cref="Changed"/> fires for the progress of imports run here or elsewhere.
/// </summary>
public sealed class ImportProgressNotifier : IDisposable
{
    private readonly MarketEventBus _bus;
    private readonly TimeProvider _time;
    private readonly IDisposable _subscription;

    public ImportProgressNotifier(MarketEventBus bus, MarketNotifier notifier, TimeProvider time)
    {
        _bus = bus;
        _time = time;
        _subscription = notifier.Subscribe(e =>
        {
            if (e is ImportProgressed progress)
                Changed?.Invoke(progress);
            return Task.CompletedTask;
        });
    }

    public event Action<ImportProgressed>? Changed;

    public void Report(Guid importId, Guid providerId, ImportStatus status) =>
        _bus.Publish(new ImportProgressed(importId, providerId, status, _time.GetUtcNow()));

    public void Dispose() => _subscription.Dispose();
}
