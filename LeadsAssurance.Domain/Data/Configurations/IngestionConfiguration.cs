using LeadsAssurance.Domain.Ingestion;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LeadsAssurance.Domain.Data.Configurations;

internal sealed class IdempotencyRecordConfiguration : IEntityTypeConfiguration<IdempotencyRecord>
{
    public void Configure(EntityTypeBuilder<IdempotencyRecord> builder)
    {
        builder.ToTable("idempotency_keys");
        builder.HasKey(r => new { r.AccountId, r.Key });
        builder.Property(r => r.Key).HasMaxLength(200);
        builder.Property(r => r.RequestHash).HasMaxLength(64).IsFixedLength();
        builder.Property(r => r.ContentType).HasMaxLength(100);
        builder.HasIndex(r => r.CreatedAt);
    }
}

internal sealed class LeadImportConfiguration : IEntityTypeConfiguration<LeadImport>
{
    public void Configure(EntityTypeBuilder<LeadImport> builder)
    {
        builder.ToTable("lead_imports");
        builder.HasKey(i => i.Id);
        builder.Property(i => i.ProductCode).HasMaxLength(40);
        builder.Property(i => i.FileName).HasMaxLength(260);
        builder.Property(i => i.StoredFile).HasMaxLength(100);
        builder.Property(i => i.Encoding).HasMaxLength(20);
        builder.Property(i => i.Separator).HasMaxLength(1);
        builder.Property(i => i.Mapping).HasColumnType("jsonb");
        builder.Property(i => i.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(i => i.Failure).HasMaxLength(2000);
        builder.HasIndex(i => new { i.ProviderId, i.CreatedAt });
        builder.HasOne<Accounts.ApplicationUser>().WithMany().HasForeignKey(i => i.ProviderId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Catalog.Product>().WithMany().HasForeignKey(i => i.ProductCode).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class LeadImportErrorConfiguration : IEntityTypeConfiguration<LeadImportError>
{
    public void Configure(EntityTypeBuilder<LeadImportError> builder)
    {
        builder.ToTable("lead_import_errors");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Field).HasMaxLength(100);
        builder.Property(e => e.Message).HasMaxLength(1000);
        builder.HasIndex(e => new { e.ImportId, e.Line });
        builder.HasOne<LeadImport>().WithMany().HasForeignKey(e => e.ImportId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class IngestionStatConfiguration : IEntityTypeConfiguration<IngestionStat>
{
    public void Configure(EntityTypeBuilder<IngestionStat> builder)
    {
        builder.ToTable("ingestion_stats");
        builder.HasKey(s => new { s.ProviderId, s.Day });
    }
}
