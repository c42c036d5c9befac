using LeadsAssurance.Domain;
using LeadsAssurance.Domain.Catalog;
using LeadsAssurance.Domain.Data;
using LeadsAssurance.Domain.Email;
using LeadsAssurance.Domain.Ingestion;
using LeadsAssurance.Domain.Leads;
using LeadsAssurance.Domain.Ledger;
using LeadsAssurance.Domain.Market;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MudBlazor.Services;

namespace LeadsAssurance.Tests.Infrastructure;

/// <summary>The services the market and provider pages use, on a real test database, for bUnit contexts.</summary>
public static class DatabaseComponentServices
{
    public static IServiceCollection AddPagesOnDatabase(this IServiceCollection s, string connection)
    {
        s.AddMudServices();
        s.AddLogging();
        s.AddMemoryCache();
        // The same bounded pools as the app's (AddDomainServices), disposed with the context's services.
        s.AddSingleton(_ => new DatabaseConnections(connection, new DatabaseOptions()));
        s.AddSingleton(sp => sp.GetRequiredService<DatabaseConnections>().Main);
        s.AddDbContextFactory<AppDbContext>((sp, o) => o.UseAppDatabase(sp.GetRequiredService<DatabaseConnections>().Main));
        s.AddSingleton(TimeProvider.System);
        s.AddSingleton(Options.Create(new MarketOptions()));
        s.AddSingleton(Options.Create(new EmailOptions()));
        s.AddSingleton(Options.Create(new AppOptions { PublicBaseUrl = "http://localhost:5022" }));
        s.AddSingleton<PublicLinks>();
        s.AddSingleton<EmailTemplates>();
        s.AddSingleton<EmailOutbox>();
        s.AddSingleton<LedgerService>();
        s.AddSingleton<MarketListing>();
        s.AddSingleton<LeadsAssurance.Domain.Partners.BrokerIdentity>();
        s.AddSingleton<LeadsAssurance.Domain.Providers.ProviderScores>();
        s.AddSingleton<MarketService>();
        s.AddSingleton<MarketNotifier>();
        s.AddSingleton<MarketEventBus>();
        s.AddSingleton<CatalogService>();
        s.AddSingleton<ProviderLeads>();
        s.AddSingleton<ImportProgressNotifier>();
        return s;
    }
}
