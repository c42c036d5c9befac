using LeadsAssurance.Domain.Flows;
using Microsoft.Extensions.Logging;
using Quartz;

namespace LeadsAssurance.Domain.Jobs;

/// <summary>Queues the previous Paris day's flow summaries once it is past Flows:DigestHour. Periodic; idempotent.</summary>
[DisallowConcurrentExecution]
public sealed class SendFlowDigestsJob(FlowDigests digests, ILogger<SendFlowDigestsJob> logger) : IJob
{
    public static readonly JobKey Key = new("send-flow-digests", "flows");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var sent = await digests.SendDueAsync(cancellationToken);
        if (sent > 0)
            logger.LogInformation("{Count} daily flow summary e-mail(s) queued", sent);
    }
}
