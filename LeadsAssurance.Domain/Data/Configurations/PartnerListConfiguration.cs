using LeadsAssurance.Domain.Partners;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LeadsAssurance.Domain.Data.Configurations;

internal sealed class PartnerListConfiguration : IEntityTypeConfiguration<PartnerList>
{
    public void Configure(EntityTypeBuilder<PartnerList> builder)
    {
        builder.HasKey(l => l.Id);
        builder.Property(l => l.Name).HasMaxLength(100);
        builder.HasOne<Accounts.ApplicationUser>().WithMany().HasForeignKey(l => l.ProviderId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(l => l.ProviderId);
    }
}

internal sealed class PartnerListVersionConfiguration : IEntityTypeConfiguration<PartnerListVersion>
{
    public void Configure(EntityTypeBuilder<PartnerListVersion> builder)
    {
        builder.HasKey(v => new { v.ListId, v.Version });
        builder.HasOne<PartnerList>().WithMany().HasForeignKey(v => v.ListId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(v => v.Url).HasMaxLength(2000);
        builder.Property(v => v.Sha256).HasMaxLength(64).IsFixedLength().UseCollation(LeadConfiguration.Identifiers);
        builder.Ignore(v => v.Reference);
    }
}
