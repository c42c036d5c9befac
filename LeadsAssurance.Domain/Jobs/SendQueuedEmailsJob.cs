using LeadsAssurance.Domain.Email;
using Quartz;

namespace LeadsAssurance.Domain.Jobs;

/// <summary>
/// Drains the e-mail outbox every few seconds. Safe on several nodes at once: each message is locked while it is sent
/// (SKIP LOCKED), so none goes twice.
/// </summary>
[DisallowConcurrentExecution]
public sealed class SendQueuedEmailsJob(QueuedEmailSender sender) : IJob
{
    public static readonly JobKey Key = new("send-queued-emails", "email");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await sender.SendDueAsync(cancellationToken);
}
