using LeadsAssurance.Domain.Jobs;
using Quartz;

namespace LeadsAssurance.Web.Hosting;

/// <summary>Quartz jobs. The in-memory store is enough: every job is idempotent and row-locking, so each node may run it.</summary>
public static class JobsSetup
{
    public static IHostApplicationBuilder AddJobs(this IHostApplicationBuilder builder)
    {
        var interval = builder.Configuration.GetValue<TimeSpan?>("Market:ExpirySweepInterval") ?? TimeSpan.FromSeconds(2);
        builder.AddQuartz(q => q.ScheduleJob<ReleaseExpiredReservationsJob>(
            trigger => trigger.WithIdentity("release-expired-reservations-trigger", "market").StartNow().WithSimpleSchedule(interval, null),
            job => job.WithIdentity(ReleaseExpiredReservationsJob.Key)));
        builder.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        return builder;
    }
}
