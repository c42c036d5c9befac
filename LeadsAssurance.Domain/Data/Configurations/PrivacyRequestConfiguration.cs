using LeadsAssurance.Domain.Privacy;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LeadsAssurance.Domain.Data.Configurations;

internal sealed class PrivacyRequestConfiguration : IEntityTypeConfiguration<PrivacyRequest>
{
    public void Configure(EntityTypeBuilder<PrivacyRequest> builder)
    {
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Kind).HasConversion<string>().HasMaxLength(16).UseCollation(LeadConfiguration.Identifiers);
        builder.Property(r => r.Status).HasConversion<string>().HasMaxLength(16).UseCollation(LeadConfiguration.Identifiers);
        builder.Property(r => r.Phone).HasMaxLength(20).UseCollation(LeadConfiguration.Identifiers);
        builder.Property(r => r.Email).HasMaxLength(254).UseCollation(LeadConfiguration.Identifiers);
        builder.Property(r => r.CodeHash).HasMaxLength(64).IsFixedLength().UseCollation(LeadConfiguration.Identifiers);
        // The per-address hourly cap, and the admin's queue of phone requests.
        builder.HasIndex(r => new { r.Email, r.CreatedAt });
        builder.HasIndex(r => r.Status);
    }
}
