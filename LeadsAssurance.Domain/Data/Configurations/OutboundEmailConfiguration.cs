using LeadsAssurance.Domain.Email;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LeadsAssurance.Domain.Data.Configurations;

internal sealed class OutboundEmailConfiguration : IEntityTypeConfiguration<OutboundEmail>
{
    public void Configure(EntityTypeBuilder<OutboundEmail> builder)
    {
        builder.ToTable("outbound_emails", t => t.HasCheckConstraint("ck_outbound_emails_attempts", "attempts >= 0"));
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Template).HasConversion<string>().HasMaxLength(32);
        builder.Property(e => e.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(e => e.Recipient).HasMaxLength(320);
        builder.Property(e => e.Subject).HasMaxLength(300);
        builder.Property(e => e.LastError).HasMaxLength(500);
        // The sender's only question, "what is due?": a small index over the queued rows alone.
        builder.HasIndex(e => e.NextAttemptAt).HasFilter("status = 'Queued'").HasDatabaseName("ix_outbound_emails_due");
    }
}
