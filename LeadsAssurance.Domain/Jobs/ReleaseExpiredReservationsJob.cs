using LeadsAssurance.Domain.Market;
using Microsoft.Extensions.Logging;
using Quartz;

namespace LeadsAssurance.Domain.Jobs;

/// <summary>
/// Puts leads whose hold expired back on sale. Runs at start-up (so no hold stays stuck after a crash) and then every
/// few seconds. Idempotent and safe on several nodes at once: each run locks the rows it releases (SKIP LOCKED).
/// </summary>
[DisallowConcurrentExecution]
public sealed class ReleaseExpiredReservationsJob(MarketService market, ILogger<ReleaseExpiredReservationsJob> logger) : IJob
{
    public static readonly JobKey Key = new("release-expired-reservations", "market");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var released = await market.ReleaseExpiredAsync(cancellationToken);
        if (released > 0)
            logger.LogInformation("{Count} expired hold(s) released", released);
    }
}
