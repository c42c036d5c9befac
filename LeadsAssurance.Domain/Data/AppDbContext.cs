using LeadsAssurance.Domain.Accounts;
using LeadsAssurance.Domain.Audit;
using LeadsAssurance.Domain.Catalog;
using LeadsAssurance.Domain.Consent;
using LeadsAssurance.Domain.Leads;
using LeadsAssurance.Domain.Ledger;
using LeadsAssurance.Domain.Market;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace LeadsAssurance.Domain.Data;

/// <summary>The marketplace's database: Identity accounts plus the business tables.</summary>
public class AppDbContext(DbContextOptions<AppDbContext> options)
    : IdentityDbContext<ApplicationUser, IdentityRole<Guid>, Guid>(options), IDataProtectionKeyContext
{
    /// <summary>ASP.NET Core Data Protection's key ring, shared by every node (cookies, antiforgery tokens).</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();
    public DbSet<Product> Products => Set<Product>();
    public DbSet<ProductSchemaVersion> ProductSchemaVersions => Set<ProductSchemaVersion>();
    public DbSet<Lead> Leads => Set<Lead>();
    public DbSet<ConsentRecord> ConsentRecords => Set<ConsentRecord>();
    public DbSet<ConsentPageSnapshot> ConsentPageSnapshots => Set<ConsentPageSnapshot>();
    public DbSet<ConsentChainHead> ConsentChainHeads => Set<ConsentChainHead>();
    public DbSet<SignedChainHead> SignedChainHeads => Set<SignedChainHead>();
    public DbSet<Reservation> Reservations => Set<Reservation>();
    public DbSet<Purchase> Purchases => Set<Purchase>();
    public DbSet<CreditLedgerEntry> CreditLedger => Set<CreditLedgerEntry>();
    public DbSet<AuditEntry> AuditLog => Set<AuditEntry>();
    public DbSet<Ingestion.IdempotencyRecord> IdempotencyKeys => Set<Ingestion.IdempotencyRecord>();
    public DbSet<Ingestion.LeadImport> LeadImports => Set<Ingestion.LeadImport>();
    public DbSet<Ingestion.LeadImportError> LeadImportErrors => Set<Ingestion.LeadImportError>();
    public DbSet<Ingestion.IngestionStat> IngestionStats => Set<Ingestion.IngestionStat>();
    public DbSet<Ingestion.IngestionRefusal> IngestionRefusals => Set<Ingestion.IngestionRefusal>();
    public DbSet<Providers.ProviderStat> ProviderStats => Set<Providers.ProviderStat>();
    public DbSet<Payments.CardPayment> CardPayments => Set<Payments.CardPayment>();
    public DbSet<Payments.CardReversal> CardReversals => Set<Payments.CardReversal>();
    public DbSet<Payments.ProcessedStripeEvent> StripeEvents => Set<Payments.ProcessedStripeEvent>();
    public DbSet<Email.OutboundEmail> OutboundEmails => Set<Email.OutboundEmail>();
    public DbSet<Flows.Flow> Flows => Set<Flows.Flow>();
    public DbSet<Flows.FlowDelivery> FlowDeliveries => Set<Flows.FlowDelivery>();
    public DbSet<Flows.FlowDeliveryAttempt> FlowDeliveryAttempts => Set<Flows.FlowDeliveryAttempt>();
    public DbSet<Flows.FlowDigest> FlowDigests => Set<Flows.FlowDigest>();
    public DbSet<Disputes.Dispute> Disputes => Set<Disputes.Dispute>();
    public DbSet<Disputes.DisputeFile> DisputeFiles => Set<Disputes.DisputeFile>();
    public DbSet<Disputes.DisputeReason> DisputeReasons => Set<Disputes.DisputeReason>();
    public DbSet<Calling.CallAttempt> CallAttempts => Set<Calling.CallAttempt>();
    public DbSet<Audit.ContactReveal> ContactReveals => Set<Audit.ContactReveal>();
    public DbSet<Privacy.IdentityErasure> IdentityErasures => Set<Privacy.IdentityErasure>();
    public DbSet<Privacy.PrivacyRequest> PrivacyRequests => Set<Privacy.PrivacyRequest>();
    public DbSet<Partners.PartnerList> PartnerLists => Set<Partners.PartnerList>();
    public DbSet<Partners.PartnerListVersion> PartnerListVersions => Set<Partners.PartnerListVersion>();
    public DbSet<Privacy.Opposition.OppositionEntry> OppositionEntries => Set<Privacy.Opposition.OppositionEntry>();
    public DbSet<Privacy.Opposition.OppositionListVersion> OppositionListVersions => Set<Privacy.Opposition.OppositionListVersion>();
    public DbSet<Privacy.Opposition.OppositionListHead> OppositionListHead => Set<Privacy.Opposition.OppositionListHead>();
    public DbSet<Earnings.ProviderEarning> ProviderEarnings => Set<Earnings.ProviderEarning>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(AppDbContext).Assembly);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<decimal>().HavePrecision(12, 2);
    }
}
