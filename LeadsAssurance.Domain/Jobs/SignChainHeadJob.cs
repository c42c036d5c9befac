using LeadsAssurance.Domain.Consent;
using Microsoft.Extensions.Logging;
using Quartz;

namespace LeadsAssurance.Domain.Jobs;

/// <summary>Seals the consent chain's head once per Paris day (Ed25519). Periodic; the day's key makes it idempotent.</summary>
[DisallowConcurrentExecution]
public sealed class SignChainHeadJob(SignedChainHeads heads, ILogger<SignChainHeadJob> logger) : IJob
{
    public static readonly JobKey Key = new("sign-chain-head", "consent");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        if (await heads.SignTodayAsync(cancellationToken) is { } seal)
            logger.LogInformation("Consent chain sealed for {Day}: position {Position}, head {Hash}", seal.Day, seal.Position, seal.HeadHash);
    }
}
