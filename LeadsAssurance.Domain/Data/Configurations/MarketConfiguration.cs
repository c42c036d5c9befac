using LeadsAssurance.Domain.Accounts;
using LeadsAssurance.Domain.Market;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LeadsAssurance.Domain.Data.Configurations;

internal sealed class ReservationConfiguration : IEntityTypeConfiguration<Reservation>
{
    public void Configure(EntityTypeBuilder<Reservation> builder)
    {
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Status).HasConversion<string>().HasMaxLength(16);
        builder.HasOne(r => r.Lead).WithMany().HasForeignKey(r => r.LeadId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<ApplicationUser>().WithMany().HasForeignKey(r => r.BrokerId).OnDelete(DeleteBehavior.Restrict);
        // The expiry sweep reads active holds by expiry time.
        builder.HasIndex(r => r.ExpiresAt).HasFilter("status = 'Active'");
        // A broker holds one place of a lead at most.
        builder.HasIndex(r => new { r.LeadId, r.BrokerId }).IsUnique().HasFilter("status = 'Active'");
        builder.HasIndex(r => new { r.BrokerId, r.Status });
    }
}

internal sealed class PurchaseConfiguration : IEntityTypeConfiguration<Purchase>
{
    public void Configure(EntityTypeBuilder<Purchase> builder)
    {
        builder.HasKey(p => p.Id);
        builder.HasOne(p => p.Lead).WithMany().HasForeignKey(p => p.LeadId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<ApplicationUser>().WithMany().HasForeignKey(p => p.BrokerId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Reservation>().WithMany().HasForeignKey(p => p.ReservationId).OnDelete(DeleteBehavior.Restrict);
        // Each broker buys a lead at most once.
        builder.HasIndex(p => new { p.LeadId, p.BrokerId }).IsUnique();
        builder.HasIndex(p => new { p.BrokerId, p.PurchasedAt });
        builder.HasIndex(p => p.PurchasedAt);
    }
}
