using LeadsAssurance.Domain.Consent;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LeadsAssurance.Domain.Data.Configurations;

internal sealed class ConsentPageSnapshotConfiguration : IEntityTypeConfiguration<ConsentPageSnapshot>
{
    public void Configure(EntityTypeBuilder<ConsentPageSnapshot> builder)
    {
        builder.ToTable("consent_page_snapshots");
        builder.HasKey(s => s.Sha256);
        builder.Property(s => s.Sha256).HasMaxLength(64).IsFixedLength().UseCollation(LeadConfiguration.Identifiers);
    }
}
