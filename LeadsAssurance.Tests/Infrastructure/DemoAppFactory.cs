using Microsoft.AspNetCore.Hosting;

namespace LeadsAssurance.Tests.Infrastructure;

/// <summary>The app with its demo data seeded at start-up.</summary>
public sealed class DemoAppFactory : AppFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Demo:Enabled", "true");
    }
}
