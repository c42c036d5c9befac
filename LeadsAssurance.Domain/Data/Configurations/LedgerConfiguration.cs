using LeadsAssurance.Domain.Accounts;
using LeadsAssurance.Domain.Audit;
using LeadsAssurance.Domain.Ledger;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LeadsAssurance.Domain.Data.Configurations;

internal sealed class CreditLedgerEntryConfiguration : IEntityTypeConfiguration<CreditLedgerEntry>
{
    public void Configure(EntityTypeBuilder<CreditLedgerEntry> builder)
    {
        builder.ToTable("credit_ledger", t =>
        {
            t.HasCheckConstraint("ck_credit_ledger_balance_not_negative", "balance_after >= 0");
            t.HasCheckConstraint("ck_credit_ledger_amount_not_zero", "amount <> 0");
        });
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Kind).HasConversion<string>().HasMaxLength(16);
        builder.Property(e => e.Reference).HasMaxLength(200);
        builder.HasOne<ApplicationUser>().WithMany().HasForeignKey(e => e.AccountId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(e => new { e.AccountId, e.Id });
        // The same top-up or purchase is never booked twice.
        builder.HasIndex(e => new { e.AccountId, e.Kind, e.Reference }).IsUnique();
    }
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> builder)
    {
        builder.ToTable("audit_log");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Action).HasMaxLength(60);
        builder.Property(e => e.Subject).HasMaxLength(200);
        builder.Property(e => e.Details).HasMaxLength(2000);
        builder.HasIndex(e => e.At);
    }
}

internal sealed class ContactRevealConfiguration : IEntityTypeConfiguration<ContactReveal>
{
    public void Configure(EntityTypeBuilder<ContactReveal> builder)
    {
        builder.ToTable("contact_reveals");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Channel).HasConversion<string>().HasMaxLength(24).UseCollation(LeadConfiguration.Identifiers);
        builder.Property(e => e.Detail).HasMaxLength(ContactReveal.MaxDetail);
        // Per broker, newest first; per lead through the array (GIN, "lead_ids @> array[$1]").
        builder.HasIndex(e => new { e.BrokerId, e.At });
        builder.HasIndex(e => e.At);
        builder.HasIndex(e => e.LeadIds).HasMethod("gin");
    }
}
