using LeadsAssurance.Domain.Ingestion;
using Microsoft.Extensions.Logging;
using Quartz;

namespace LeadsAssurance.Domain.Jobs;

/// <summary>
/// Finds imports whose runner stopped (its node was killed or restarted) and queues them on this node's runner, which
/// resumes them after their last committed row. An import still running elsewhere keeps its advisory lock, so the
/// queued run returns at once. Not [DisallowConcurrentExecution] across nodes on purpose: every node offers to help.
/// </summary>
public sealed class ResumeInterruptedImportsJob(LeadImportRunner runner, ILogger<ResumeInterruptedImportsJob> logger) : IJob
{
    public static readonly JobKey Key = new("resume-interrupted-imports", "imports");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var queued = await runner.EnqueueUnfinishedAsync(cancellationToken);
        if (queued > 0)
            logger.LogDebug("{Count} unfinished import(s) offered to this node's runner", queued);
    }
}
