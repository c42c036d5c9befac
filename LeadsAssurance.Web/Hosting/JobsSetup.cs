using LeadsAssurance.Domain.Jobs;
using Quartz;

namespace LeadsAssurance.Web.Hosting;

/// <summary>
/// Quartz jobs. By default an in-memory store: every job is idempotent and row-locking, so each node may run it.
/// With Quartz:Clustered=true the nodes share Quartz's PostgreSQL job store (tables created on first start) and
/// a job runs on one node at a time.
/// </summary>
public static class JobsSetup
{
    public static IHostApplicationBuilder AddJobs(this IHostApplicationBuilder builder, string connectionString)
    {
        var interval = builder.Configuration.GetValue<TimeSpan?>("Market:ExpirySweepInterval") ?? TimeSpan.FromSeconds(2);
        var consentInterval = builder.Configuration.GetValue<TimeSpan?>("Market:ConsentSweepInterval") ?? TimeSpan.FromMinutes(5);
        var clustered = builder.Configuration.GetValue<bool>("Quartz:Clustered");
        builder.AddQuartz(q =>
        {
            if (clustered)
            {
                q.UsePersistentStore(store =>
                {
                    store.UsePostgres(connectionString);
                    store.UseClustering();
                    store.ProvisionSchema();
                });
            }
            q.ScheduleJob<ReleaseExpiredReservationsJob>(
                trigger => trigger.WithIdentity("release-expired-reservations-trigger", "market").StartNow().WithSimpleSchedule(interval, null),
                job => job.WithIdentity(ReleaseExpiredReservationsJob.Key));
            q.ScheduleJob<WithdrawExpiredConsentsJob>(
                trigger => trigger.WithIdentity("withdraw-expired-consents-trigger", "consent").StartNow().WithSimpleSchedule(consentInterval, null),
                job => job.WithIdentity(WithdrawExpiredConsentsJob.Key));
        });
        builder.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        return builder;
    }
}
