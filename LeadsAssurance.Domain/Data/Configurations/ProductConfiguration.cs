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
        builder.ToTable(t => t.HasCheckConstraint("ck_products_price_positive", "price > 0"));
        builder.ToTable(t => t.HasCheckConstraint("ck_products_max_buyers", "max_buyers between 1 and 10"));
    }
}
