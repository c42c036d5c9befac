using Microsoft.AspNetCore.Hosting;

namespace LeadsAssurance.Tests.Infrastructure;

/// <summary>The app with a shared pool of two connections and a one-second wait: bursts must queue, never fail.</summary>
public sealed class SmallPoolFactory : AppFactory
{
    public const int PoolSize = 2;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Database:MaxPoolSize", PoolSize.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Database:ConnectionWait", "00:00:01");
    }
}
