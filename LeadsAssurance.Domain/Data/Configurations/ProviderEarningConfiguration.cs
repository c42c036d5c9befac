using LeadsAssurance.Domain.Accounts;
using LeadsAssurance.Domain.Earnings;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LeadsAssurance.Domain.Data.Configurations;

internal sealed class ProviderEarningConfiguration : IEntityTypeConfiguration<ProviderEarning>
{
    public void Configure(EntityTypeBuilder<ProviderEarning> builder)
    {
        builder.ToTable("provider_earnings", t =>
        {
            t.HasCheckConstraint("ck_provider_earnings_amount", "kind = 'Payout' or amount = gross - commission");
            t.HasCheckConstraint("ck_provider_earnings_kind",
                "(kind = 'Sale' and amount >= 0 and purchase_id is not null) or (kind = 'Return' and amount <= 0 and purchase_id is not null) "
                + "or (kind = 'Payout' and amount < 0 and purchase_id is null and period is not null)");
        });
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Kind).HasConversion<string>().HasMaxLength(16).UseCollation(LeadConfiguration.Identifiers);
        builder.Property(e => e.CommissionRate).HasPrecision(5, 4);
        builder.Property(e => e.ProductCode).HasMaxLength(40).UseCollation(LeadConfiguration.Identifiers);
        builder.Property(e => e.Reference).HasMaxLength(200);
        builder.HasOne<ApplicationUser>().WithMany().HasForeignKey(e => e.ProviderId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Market.Purchase>().WithMany().HasForeignKey(e => e.PurchaseId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(e => new { e.ProviderId, e.CreatedAt });
        builder.HasIndex(e => e.PurchaseId);
        // A sale, its return and a bank transfer are each booked once.
        builder.HasIndex(e => new { e.ProviderId, e.Kind, e.Reference }).IsUnique();
    }
}
