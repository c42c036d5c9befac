using LeadsAssurance.Domain.Leads;
using Microsoft.Extensions.Logging;
using Quartz;

namespace LeadsAssurance.Domain.Jobs;

/// <summary>Takes leads whose consent passed 30 days off the market. At start-up, then periodically; idempotent.</summary>
[DisallowConcurrentExecution]
public sealed class WithdrawExpiredConsentsJob(ConsentExpiry expiry, ILogger<WithdrawExpiredConsentsJob> logger) : IJob
{
    public static readonly JobKey Key = new("withdraw-expired-consents", "consent");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var withdrawn = await expiry.WithdrawExpiredAsync(cancellationToken);
        if (withdrawn > 0)
            logger.LogInformation("{Count} lead(s) withdrawn: consent older than the legal limit", withdrawn);
    }
}
