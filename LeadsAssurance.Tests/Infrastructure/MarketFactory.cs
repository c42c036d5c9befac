using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace LeadsAssurance.Tests.Infrastructure;

/// <summary>
/// The app at production's market settings (5 holds per broker, 10-minute holds) with a clock the test reads. A class
/// fixture's clock is shared by the class's tests: a test that moves it starts its own app
/// (<see cref="AppFactory.StartAsync{T}"/>).
/// </summary>
public class MarketFactory : AppFactory
{
    /// <summary>The app's clock: 24/11/2026 09:00 UTC unless the test starts it elsewhere.</summary>
    public FakeTimeProvider Clock { get; init; } = new(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.Replace(ServiceDescriptor.Singleton<TimeProvider>(Clock)));
    }
}
