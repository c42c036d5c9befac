using LeadsAssurance.Domain.Consent;
using LeadsAssurance.Domain.Leads;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LeadsAssurance.Domain.Data.Configurations;

internal sealed class ConsentRecordConfiguration : IEntityTypeConfiguration<ConsentRecord>
{
    public void Configure(EntityTypeBuilder<ConsentRecord> builder)
    {
        builder.HasKey(c => c.LeadId);
        builder.HasOne<Lead>().WithOne().HasForeignKey<ConsentRecord>(c => c.LeadId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(c => c.TextVersion).HasMaxLength(50);
        builder.Property(c => c.IpAddress).HasMaxLength(45);
        builder.Property(c => c.UserAgent).HasMaxLength(1000);
        builder.Property(c => c.SourceUrl).HasMaxLength(2000);
        builder.Property(c => c.PreviousHash).HasMaxLength(64).IsFixedLength().UseCollation(LeadConfiguration.Identifiers);
        builder.Property(c => c.ProofHash).HasMaxLength(64).IsFixedLength().UseCollation(LeadConfiguration.Identifiers);
        builder.Property(c => c.IdentityDigest).HasMaxLength(64).IsFixedLength().UseCollation(LeadConfiguration.Identifiers);
        // No foreign key to consent_page_snapshots: the import's COPY would pay a lookup per row for it.
        builder.Property(c => c.PartnerList).HasMaxLength(120).UseCollation(LeadConfiguration.Identifiers);
        builder.Property(c => c.PageSnapshotSha256).HasMaxLength(64).IsFixedLength().UseCollation(LeadConfiguration.Identifiers);
        builder.HasIndex(c => c.ProofHash).IsUnique();
        builder.HasIndex(c => c.ChainPosition).IsUnique();
    }
}

internal sealed class ConsentChainHeadConfiguration : IEntityTypeConfiguration<ConsentChainHead>
{
    public void Configure(EntityTypeBuilder<ConsentChainHead> builder)
    {
        builder.HasKey(h => h.Id);
        builder.Property(h => h.Id).ValueGeneratedNever();
        builder.Property(h => h.Hash).HasMaxLength(64).IsFixedLength();
        builder.HasData(new ConsentChainHead());
    }
}
