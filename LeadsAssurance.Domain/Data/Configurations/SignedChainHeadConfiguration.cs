using LeadsAssurance.Domain.Consent;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LeadsAssurance.Domain.Data.Configurations;

internal sealed class SignedChainHeadConfiguration : IEntityTypeConfiguration<SignedChainHead>
{
    public void Configure(EntityTypeBuilder<SignedChainHead> builder)
    {
        builder.ToTable("signed_chain_heads");
        // The day is the key: a second seal for the same Paris day (another node, a retried job) is refused.
        builder.HasKey(h => h.Day);
        builder.Property(h => h.HeadHash).HasMaxLength(64).IsFixedLength().UseCollation(LeadConfiguration.Identifiers);
        builder.Property(h => h.Signature).HasMaxLength(88);
        builder.Property(h => h.PublicKey).HasMaxLength(44);
        builder.HasIndex(h => h.Position);
    }
}
