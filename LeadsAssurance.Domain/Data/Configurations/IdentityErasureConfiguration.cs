using LeadsAssurance.Domain.Leads;
using LeadsAssurance.Domain.Privacy;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LeadsAssurance.Domain.Data.Configurations;

internal sealed class IdentityErasureConfiguration : IEntityTypeConfiguration<IdentityErasure>
{
    public void Configure(EntityTypeBuilder<IdentityErasure> builder)
    {
        builder.HasKey(e => e.LeadId);
        builder.HasOne<Lead>().WithOne().HasForeignKey<IdentityErasure>(e => e.LeadId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(e => e.ProofHash).HasMaxLength(64).IsFixedLength().UseCollation(LeadConfiguration.Identifiers);
        builder.Property(e => e.ResidualHash).HasMaxLength(64).IsFixedLength().UseCollation(LeadConfiguration.Identifiers);
        builder.Property(e => e.RequestedBy).HasMaxLength(20).UseCollation(LeadConfiguration.Identifiers);
        builder.HasIndex(e => e.ErasedAt);
    }
}
