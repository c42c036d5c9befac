using LeadsAssurance.Domain.Market;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Hosting;

namespace LeadsAssurance.Domain.Catalog;

/// <summary>
/// A product was created or changed (its schema, price, label): every node drops its cached catalogue, so a new schema
/// is used by the next form, import row and market page everywhere, without a restart. Never forwarded to hub clients.
/// </summary>
public sealed record CatalogChanged(string ProductCode, int SchemaVersion, DateTimeOffset At) : MarketEvent(Guid.Empty, At);

/// <summary>Drops this node's catalogue caches when any node announces <see cref="CatalogChanged"/>.</summary>
public sealed class CatalogCacheInvalidator(MarketNotifier notifier, IMemoryCache cache) : IHostedService
{
    private IDisposable? _subscription;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _subscription = notifier.Subscribe(e =>
        {
            if (e is CatalogChanged or MarketResync)
                Invalidate(cache);
            return Task.CompletedTask;
        });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _subscription?.Dispose();
        return Task.CompletedTask;
    }

    internal static void Invalidate(IMemoryCache cache)
    {
        cache.Remove(CatalogService.CacheKey);
        cache.Remove(MarketListing.VisibleAttributesCacheKey);
    }
}
