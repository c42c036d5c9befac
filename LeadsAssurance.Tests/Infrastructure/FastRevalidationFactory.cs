using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace LeadsAssurance.Tests.Infrastructure;

/// <summary>The app checking sessions every second instead of every minute, so a test sees a revalidation happen.</summary>
public sealed class FastRevalidationFactory : AppFactory
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = Interval));
    }
}
