using LeadsAssurance.Domain.Providers;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LeadsAssurance.Domain.Data.Configurations;

internal sealed class ProviderStatConfiguration : IEntityTypeConfiguration<ProviderStat>
{
    public void Configure(EntityTypeBuilder<ProviderStat> builder)
    {
        builder.ToTable("provider_stats");
        builder.HasKey(s => new { s.ProviderId, s.Day });
    }
}
