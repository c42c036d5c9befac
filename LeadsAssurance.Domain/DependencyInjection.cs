using LeadsAssurance.Domain.Accounts;
using LeadsAssurance.Domain.Catalog;
using LeadsAssurance.Domain.Data;
using LeadsAssurance.Domain.Demo;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace LeadsAssurance.Domain;

public static class DependencyInjection
{
    /// <summary>Registers the database and the business services. Identity itself is wired by the host.</summary>
    public static IHostApplicationBuilder AddDomainServices(this IHostApplicationBuilder builder, string connectionString)
    {
        var services = builder.Services;
        services.AddOptions<DatabaseOptions>().BindConfiguration(DatabaseOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp => new DatabaseConnections(connectionString, sp.GetRequiredService<IOptions<DatabaseOptions>>().Value));
        // EF Core and raw Npgsql (the market's one-round-trip hot path) share one bounded pool.
        services.AddSingleton(sp => sp.GetRequiredService<DatabaseConnections>().Main);
        services.AddDbContextFactory<AppDbContext>((sp, o) => o.UseAppDatabase(sp.GetRequiredService<DatabaseConnections>().Main));
        services.TryAddTimeProvider();
        services.AddMemoryCache();
        services.AddOptions<BootstrapOptions>().BindConfiguration(BootstrapOptions.Section);
        services.AddOptions<AppOptions>().BindConfiguration(AppOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddEmail();
        Flows.Webhooks.FlowWebhookServices.AddFlowWebhooks(services, builder.Environment.IsProduction());

        services.AddSingleton<AttributeValidator>();
        services.AddSingleton<CatalogService>();
        services.AddSingleton<Audit.AuditLogQueries>();
        services.AddSingleton<Reporting.AdminOverview>();
        services.AddSingleton<Reporting.BrokerDashboard>();
        services.AddSingleton<Reporting.ProviderDashboard>();
        services.AddSingleton<AccountStatusCache>();
        services.AddSingleton<Ledger.LedgerService>();
        services.AddSingleton<Market.MarketService>();
        services.AddSingleton<Market.MarketListing>();
        services.AddSingleton<Partners.BrokerIdentity>();
        services.AddSingleton<Providers.ProviderScores>();
        services.AddSingleton<Market.PurchaseQueries>();
        services.AddSingleton<Disputes.DisputeService>();
        services.AddSingleton<Disputes.DisputeFiles>();
        services.AddSingleton<Calling.CallAttempts>();
        services.AddSingleton<Disputes.DisputeQueries>();
        services.AddSingleton<Earnings.ProviderPayouts>();
        services.AddSingleton<Earnings.EarningsQueries>();
        services.AddSingleton<Market.MarketNotifier>();
        services.AddSingleton<Market.MarketEventBus>();
        services.AddHostedService(sp => sp.GetRequiredService<Market.MarketEventBus>());
        services.AddSingleton<Market.MarketEventListener>();
        services.AddHostedService(sp => sp.GetRequiredService<Market.MarketEventListener>());
        services.AddHostedService<Catalog.CatalogCacheInvalidator>();
        services.AddOptions<Market.MarketOptions>().BindConfiguration(Market.MarketOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<Ingestion.LeadValidator>();
        services.AddSingleton<Ingestion.LeadIngestion>();
        services.AddSingleton<Flows.FlowRouter>();
        services.AddSingleton<Flows.FlowSecrets>();
        services.AddSingleton<Flows.FlowService>();
        services.AddOptions<Flows.FlowDigestOptions>().BindConfiguration("Flows")
            .Validate(o => o.DigestHour is >= 0 and <= 23, "Flows:DigestHour is an hour of the day, 0 to 23.").ValidateOnStart();
        services.AddSingleton<Flows.FlowDigests>();
        services.AddSingleton<Ingestion.IdempotencyStore>();
        services.AddOptions<Ingestion.ImportOptions>().BindConfiguration(Ingestion.ImportOptions.Section);
        services.AddSingleton<Ingestion.ImportProgressNotifier>();
        services.AddSingleton<Ingestion.LeadImports>();
        services.AddSingleton<Ingestion.ImportDocuments>();
        services.AddSingleton<Ingestion.LeadImportRunner>();
        services.AddHostedService(sp => sp.GetRequiredService<Ingestion.LeadImportRunner>());
        services.AddSingleton<Consent.ConsentVerifier>();
        services.AddSingleton<Consent.ConsentPageSnapshots>();
        services.AddOptions<Consent.ConsentCaptureOptions>().BindConfiguration(Consent.ConsentCaptureOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<Consent.ConsentSigningOptions>().BindConfiguration(Consent.ConsentSigningOptions.Section)
            .Validate(o => Consent.ChainHeadSigner.IsValidKey(o.SigningKey), "Consent:SigningKey must be a 32-byte Ed25519 seed in base64 (openssl rand -base64 32).")
            .ValidateOnStart();
        services.AddSingleton<Consent.ChainHeadSigner>();
        services.AddSingleton<Consent.SignedChainHeads>();
        services.AddSingleton<Documents.Certificates>();
        services.AddSingleton<Documents.AccountStatements>();
        services.AddSingleton<Documents.EarningsStatements>();
        services.AddOptions<Payments.StripeOptions>().BindConfiguration(Payments.StripeOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddHttpClient(Payments.CardPayments.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(30));
        services.AddSingleton<Payments.CardPayments>();
        services.AddSingleton<Payments.StripeWebhooks>();
        services.AddSingleton<Payments.CardReversals>();
        services.AddSingleton<Documents.PurchaseExport>();
        services.AddSingleton<Audit.ContactAccessTrail>();
        services.AddSingleton<Leads.ConsentExpiry>();
        services.AddSingleton<Privacy.PrivacyEmails>();
        services.AddSingleton<Privacy.ErasureService>();
        services.AddSingleton<Privacy.ErasureQueries>();
        services.AddSingleton<Privacy.PersonalData>();
        services.AddSingleton<Privacy.PrivacyRequests>();
        services.AddSingleton<Privacy.PersonalDataRetention>();
        services.AddOptions<Privacy.PrivacyOptions>().BindConfiguration(Privacy.PrivacyOptions.Section).ValidateDataAnnotations()
            .Validate(o => Privacy.Opposition.ContactDigests.IsValidKey(o.SuppressionKey), "Privacy:SuppressionKey must be at least 32 random bytes in base64 (openssl rand -base64 32).")
            .ValidateOnStart();
        services.AddSingleton<Privacy.Opposition.ContactDigests>();
        services.AddSingleton<Privacy.Opposition.OppositionLists>();
        services.AddSingleton<Partners.PartnerLists>();
        services.AddSingleton<Leads.ProviderLeads>();
        services.AddSingleton<AccountAdministration>();
        services.AddSingleton<ApiKeyCache>();
        services.AddSingleton<UnknownApiKeys>();
        services.AddSingleton<ApiKeyService>();
        services.AddScoped<AccountRegistration>();
        services.AddScoped<BootstrapAdmin>();
        services.AddScoped<DemoDataSeeder>();
        services.AddSingleton<DatabaseInitializer>();
        return builder;
    }

    private static void AddEmail(this IServiceCollection services)
    {
        services.AddOptions<Email.EmailOptions>().BindConfiguration(Email.EmailOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<Email.EmailOptions>, Email.EmailOptionsValidator>();
        services.AddSingleton<Email.PublicLinks>();
        services.AddSingleton<Email.EmailTemplates>();
        services.AddSingleton<Email.EmailOutbox>();
        services.AddSingleton<Email.IEmailTransport>(sp => sp.GetRequiredService<IOptions<Email.EmailOptions>>().Value.Smtp.IsConfigured
            ? ActivatorUtilities.CreateInstance<Email.SmtpEmailTransport>(sp)
            : ActivatorUtilities.CreateInstance<Email.PickupFolderTransport>(sp));
        services.AddSingleton<Email.QueuedEmailSender>();
    }

    private static void TryAddTimeProvider(this IServiceCollection services)
    {
        if (!services.Any(d => d.ServiceType == typeof(TimeProvider)))
            services.AddSingleton(TimeProvider.System);
    }
}
