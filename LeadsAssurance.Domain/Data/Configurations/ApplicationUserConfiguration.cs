using LeadsAssurance.Domain.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LeadsAssurance.Domain.Data.Configurations;

internal sealed class ApplicationUserConfiguration : IEntityTypeConfiguration<ApplicationUser>
{
    public void Configure(EntityTypeBuilder<ApplicationUser> builder)
    {
        builder.Property(u => u.Role).HasConversion<string>().HasMaxLength(16);
        builder.Property(u => u.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(u => u.CompanyName).HasMaxLength(200);
        builder.Property(u => u.FlowNotifications).HasConversion<string>().HasMaxLength(16).HasDefaultValue(Flows.FlowNotifications.None).HasSentinel((Flows.FlowNotifications)(-1));
        builder.Property(u => u.Siren).HasMaxLength(9);
        builder.Property(u => u.OriasNumber).HasMaxLength(8);
        builder.Property(u => u.TradeNames).HasDefaultValueSql("'{}'::text[]");
        builder.Property(u => u.PartnerKeys);
        builder.Property(u => u.StatusReason).HasMaxLength(ApplicationUser.MaxStatusReasonLength);
        builder.HasIndex(u => new { u.Status, u.Role });
    }
}
