using LeadsAssurance.Domain.Data;
using LeadsAssurance.Domain.Jobs;
using Quartz;

namespace LeadsAssurance.Web.Hosting;

/// <summary>
/// Quartz jobs. On a configured (shared) PostgreSQL server the nodes share Quartz's clustered job store, so each
/// firing runs on one node and a dead node's work is taken over by the others; on the embedded single-node cluster an
/// in-memory store. Quartz:Clustered overrides either default. Every job is idempotent and row-locking anyway.
/// </summary>
public static class JobsSetup
{
    public static IHostApplicationBuilder AddJobs(this IHostApplicationBuilder builder, string connectionString, bool sharedServer)
    {
        var config = builder.Configuration;
        var interval = config.GetValue<TimeSpan?>("Market:ExpirySweepInterval") ?? TimeSpan.FromSeconds(2);
        var consentInterval = config.GetValue<TimeSpan?>("Market:ConsentSweepInterval") ?? TimeSpan.FromMinutes(5);
        var importInterval = config.GetValue<TimeSpan?>("Import:ResumeInterval") ?? TimeSpan.FromSeconds(15);
        var emailInterval = config.GetValue<TimeSpan?>("Email:SendInterval") ?? TimeSpan.FromSeconds(5);
        var digestInterval = config.GetValue<TimeSpan?>("Flows:DigestSweepInterval") ?? TimeSpan.FromMinutes(10);
        var sealInterval = config.GetValue<TimeSpan?>("Consent:SealSweepInterval") ?? TimeSpan.FromMinutes(10);
        var retentionInterval = config.GetValue<TimeSpan?>("Privacy:RetentionSweepInterval") ?? TimeSpan.FromHours(1);
        var clustered = config.GetValue<bool?>("Quartz:Clustered") ?? sharedServer;
        var database = config.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        builder.AddQuartz(q =>
        {
            if (clustered)
            {
                q.UsePersistentStore(store =>
                {
                    store.UsePostgres(DatabaseConnections.ForJobs(connectionString, database));
                    // A node that stops checking in is declared dead after about twice this interval, and its
                    // triggers and in-flight firings are recovered by another node.
                    store.UseClustering(c => c.CheckinInterval = config.GetValue<TimeSpan?>("Quartz:CheckinInterval") ?? TimeSpan.FromSeconds(5));
                    store.ProvisionSchema();
                });
            }
            q.ScheduleJob<ReleaseExpiredReservationsJob>(
                trigger => trigger.WithIdentity("release-expired-reservations-trigger", "market").StartNow().WithSimpleSchedule(interval, null),
                job => job.WithIdentity(ReleaseExpiredReservationsJob.Key));
            q.ScheduleJob<WithdrawExpiredConsentsJob>(
                trigger => trigger.WithIdentity("withdraw-expired-consents-trigger", "consent").StartNow().WithSimpleSchedule(consentInterval, null),
                job => job.WithIdentity(WithdrawExpiredConsentsJob.Key));
            q.ScheduleJob<ResumeInterruptedImportsJob>(
                trigger => trigger.WithIdentity("resume-interrupted-imports-trigger", "imports").StartNow().WithSimpleSchedule(importInterval, null),
                job => job.WithIdentity(ResumeInterruptedImportsJob.Key));
            q.ScheduleJob<SendQueuedEmailsJob>(
                trigger => trigger.WithIdentity("send-queued-emails-trigger", "email").StartNow().WithSimpleSchedule(emailInterval, null),
                job => job.WithIdentity(SendQueuedEmailsJob.Key));
            q.ScheduleJob<SendFlowDigestsJob>(
                trigger => trigger.WithIdentity("send-flow-digests-trigger", "flows").StartNow().WithSimpleSchedule(digestInterval, null),
                job => job.WithIdentity(SendFlowDigestsJob.Key));
            // First firing one interval after start: a day's seal is not urgent, and a node starting does not race
            // the records being written at that moment.
            q.ScheduleJob<SignChainHeadJob>(
                trigger => trigger.WithIdentity("sign-chain-head-trigger", "consent").StartAt(DateTimeOffset.UtcNow + sealInterval).WithSimpleSchedule(sealInterval, null),
                job => job.WithIdentity(SignChainHeadJob.Key));
            // The same: a purge a little later loses nothing, and a node starting does not run one at once.
            q.ScheduleJob<PurgeExpiredPersonalDataJob>(
                trigger => trigger.WithIdentity("purge-expired-personal-data-trigger", "privacy").StartAt(DateTimeOffset.UtcNow + retentionInterval)
                    .WithSimpleSchedule(retentionInterval, null),
                job => job.WithIdentity(PurgeExpiredPersonalDataJob.Key));
        });
        builder.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        return builder;
    }
}
