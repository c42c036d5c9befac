using LeadsAssurance.Domain.Disputes;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LeadsAssurance.Domain.Data.Configurations;

internal sealed class DisputeReasonConfiguration : IEntityTypeConfiguration<DisputeReason>
{
    public void Configure(EntityTypeBuilder<DisputeReason> builder)
    {
        builder.ToTable("dispute_reasons", t => t.HasCheckConstraint("ck_dispute_reasons_built_in_active", "active or not built_in"));
        builder.HasKey(r => r.Code);
        builder.Property(r => r.Code).HasMaxLength(DisputeReason.MaxCode).UseCollation(LeadConfiguration.Identifiers);
        builder.Property(r => r.Label).HasMaxLength(DisputeReason.MaxLabel);
        builder.HasData(DisputeReason.Defaults.Select(r => new { r.Code, r.Label, r.SortOrder, r.BuiltIn, r.Active, AutoAccept = false }));
    }
}
