using LeadsAssurance.Domain.Ingestion;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LeadsAssurance.Domain.Data.Configurations;

internal sealed class IngestionRefusalConfiguration : IEntityTypeConfiguration<IngestionRefusal>
{
    public void Configure(EntityTypeBuilder<IngestionRefusal> builder)
    {
        builder.ToTable("ingestion_refusals");
        builder.HasKey(r => new { r.ProviderId, r.Day, r.Reason });
        builder.Property(r => r.Reason).HasMaxLength(24).UseCollation(LeadConfiguration.Identifiers);
    }
}
