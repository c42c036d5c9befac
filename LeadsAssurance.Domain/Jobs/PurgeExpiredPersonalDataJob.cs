using LeadsAssurance.Domain.Privacy;
using Microsoft.Extensions.Logging;
using Quartz;

namespace LeadsAssurance.Domain.Jobs;

/// <summary>Erases the identities the retention rule no longer allows to keep (<see cref="PersonalDataRetention"/>); idempotent.</summary>
[DisallowConcurrentExecution]
public sealed class PurgeExpiredPersonalDataJob(PersonalDataRetention retention, ILogger<PurgeExpiredPersonalDataJob> logger) : IJob
{
    public static readonly JobKey Key = new("purge-expired-personal-data", "privacy");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var result = await retention.PurgeAsync(cancellationToken);
        if (result.Batches > 0)
            logger.LogInformation("Retention purge: {Unsold} unsold and {Sold} sold lead(s) erased in {Batches} batch(es)",
                result.Unsold, result.Sold, result.Batches);
    }
}
