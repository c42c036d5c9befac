using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace LeadsAssurance.Tests.Infrastructure;

/// <summary>The market app with a <see cref="ResponseProbe"/> on the certificates ZIP.</summary>
public sealed class CertificateZipFactory : MarketFactory
{
    public ResponseProbe Probe { get; } = new("/api/v1/purchases/certificates.zip");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<IStartupFilter>(Probe));
    }
}
