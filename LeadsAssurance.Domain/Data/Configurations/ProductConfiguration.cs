using LeadsAssurance.Domain.Catalog;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LeadsAssurance.Domain.Data.Configurations;

internal sealed class ProductConfiguration : IEntityTypeConfiguration<Product>
{
    public void Configure(EntityTypeBuilder<Product> builder)
    {
        builder.HasKey(p => p.Code);
        builder.Property(p => p.Code).HasMaxLength(40);
        builder.Property(p => p.Label).HasMaxLength(100);
        builder.Property(p => p.Category).HasMaxLength(60);
        builder.Property(p => p.AttributesSchema).HasColumnType("jsonb");
        builder.Ignore(p => p.PriceSchedule);
        builder.Property(p => p.SchemaVersion).HasDefaultValue(1);
        builder.Property(p => p.RequireNamedPartner).HasDefaultValue(false);
        builder.Property(p => p.CommissionRate).HasPrecision(5, 4);
        builder.ToTable(t => t.HasCheckConstraint("ck_products_commission_rate", "commission_rate between 0 and 1"));
        // A schedule is whole or absent: the price rule reads the three columns together.
        builder.ToTable(t => t.HasCheckConstraint("ck_products_price_schedule",
            "(price_floor is null) = (price_step is null) and (price_step is null) = (price_step_interval is null) "
            + "and (price_step is null or (price_floor > 0 and price_floor <= price and price_step > 0 and price_step_interval >= interval '1 minute'))"));
        builder.ToTable(t => t.HasCheckConstraint("ck_products_price_positive", "price > 0"));
        builder.ToTable(t => t.HasCheckConstraint("ck_products_max_buyers", "max_buyers between 1 and 10"));
    }
}

internal sealed class ProductSchemaVersionConfiguration : IEntityTypeConfiguration<ProductSchemaVersion>
{
    public void Configure(EntityTypeBuilder<ProductSchemaVersion> builder)
    {
        builder.ToTable("product_schema_versions", t => t.HasCheckConstraint("ck_product_schema_versions_version", "version >= 1"));
        builder.HasKey(v => new { v.ProductCode, v.Version });
        builder.Property(v => v.ProductCode).HasMaxLength(40);
        builder.Property(v => v.Schema).HasColumnType("jsonb");
        builder.HasOne<Product>().WithMany().HasForeignKey(v => v.ProductCode).OnDelete(DeleteBehavior.Restrict);
    }
}
