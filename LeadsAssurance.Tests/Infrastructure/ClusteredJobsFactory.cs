using Microsoft.AspNetCore.Hosting;

namespace LeadsAssurance.Tests.Infrastructure;

/// <summary>The app with Quartz's clustered (PostgreSQL) job store, as on a shared server, and short holds.</summary>
public sealed class ClusteredJobsFactory : AppFactory
{
    public static readonly TimeSpan HoldDuration = TimeSpan.FromSeconds(5);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Quartz:Clustered", "true");
        builder.UseSetting("Market:HoldDuration", HoldDuration.ToString());
    }
}
