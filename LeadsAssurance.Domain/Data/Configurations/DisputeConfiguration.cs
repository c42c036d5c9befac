using LeadsAssurance.Domain.Accounts;
using LeadsAssurance.Domain.Disputes;
using LeadsAssurance.Domain.Market;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LeadsAssurance.Domain.Data.Configurations;

internal sealed class DisputeConfiguration : IEntityTypeConfiguration<Dispute>
{
    public void Configure(EntityTypeBuilder<Dispute> builder)
    {
        builder.ToTable("disputes", t =>
        {
            t.HasCheckConstraint("ck_disputes_refund", "(status = 'Accepted') = (refund is not null) and (refund is null or refund = price)");
            t.HasCheckConstraint("ck_disputes_decision", "(status = 'Open') = (decided_at is null)");
            t.HasCheckConstraint("ck_disputes_fee", "fee is null or (status = 'Refused' and fee > 0)");
        });
        builder.HasKey(d => d.Id);
        builder.HasOne<Purchase>().WithMany().HasForeignKey(d => d.PurchaseId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Leads.Lead>().WithMany().HasForeignKey(d => d.LeadId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<ApplicationUser>().WithMany().HasForeignKey(d => d.BrokerId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<ApplicationUser>().WithMany().HasForeignKey(d => d.ProviderId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<DisputeReason>().WithMany().HasForeignKey(d => d.ReasonCode).OnDelete(DeleteBehavior.Restrict);
        builder.Property(d => d.ReasonCode).HasMaxLength(DisputeReason.MaxCode).UseCollation(LeadConfiguration.Identifiers);
        builder.Property(d => d.Comment).HasMaxLength(Dispute.MaxComment);
        builder.Property(d => d.DecisionNote).HasMaxLength(Dispute.MaxNote);
        builder.Property(d => d.Status).HasConversion<string>().HasMaxLength(16).UseCollation(LeadConfiguration.Identifiers);
        // One dispute per purchase: the service checks under the purchase's row lock, the index makes it a fact.
        builder.HasIndex(d => d.PurchaseId).IsUnique();
        // The admin's queue (open first, oldest first) and each party's 30-day return rate.
        builder.HasIndex(d => new { d.Status, d.CreatedAt });
        builder.HasIndex(d => new { d.BrokerId, d.CreatedAt });
        builder.HasIndex(d => new { d.ProviderId, d.CreatedAt });
    }
}

internal sealed class DisputeFileConfiguration : IEntityTypeConfiguration<DisputeFile>
{
    public void Configure(EntityTypeBuilder<DisputeFile> builder)
    {
        builder.ToTable("dispute_files", t => t.HasCheckConstraint("ck_dispute_files_size", "size > 0 and size = octet_length(content)"));
        builder.HasKey(f => f.Id);
        builder.Property(f => f.FileName).HasMaxLength(DisputeFile.MaxFileName);
        builder.Property(f => f.ContentType).HasMaxLength(32);
        builder.HasOne<Dispute>().WithMany().HasForeignKey(f => f.DisputeId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<ApplicationUser>().WithMany().HasForeignKey(f => f.UploadedBy).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(f => new { f.DisputeId, f.CreatedAt });
    }
}
