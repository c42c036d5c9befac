using LeadsAssurance.Domain.Leads;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LeadsAssurance.Domain.Data.Configurations;

internal sealed class LeadConfiguration : IEntityTypeConfiguration<Lead>
{
    /// <summary>Byte-order collation for values that are identifiers, not words (sorted and compared as bytes).</summary>
    internal const string Identifiers = "C";

    public void Configure(EntityTypeBuilder<Lead> builder)
    {
        builder.HasKey(l => l.Id);
        // Codes, E.164 phones and lower-cased e-mails compare byte for byte: the "C" collation keeps their index
        // comparisons a memcmp instead of the server locale's strcoll (a sixth of PostgreSQL's work in an import).
        builder.Property(l => l.ProductCode).HasMaxLength(40).UseCollation(Identifiers);
        builder.Property(l => l.FirstName).HasMaxLength(100);
        builder.Property(l => l.LastName).HasMaxLength(100);
        builder.Property(l => l.Phone).HasMaxLength(20).UseCollation(Identifiers);
        builder.Property(l => l.Email).HasMaxLength(254).UseCollation(Identifiers);
        builder.Property(l => l.ZipCode).HasMaxLength(5).IsFixedLength();
        builder.Property(l => l.City).HasMaxLength(100);
        builder.Property(l => l.Departement).HasMaxLength(3).UseCollation(Identifiers);
        builder.Property(l => l.Attributes).HasColumnType("jsonb");
        builder.Property(l => l.Status).HasConversion<string>().HasMaxLength(16).UseCollation(Identifiers);
        builder.Property(l => l.RejectionReason).HasMaxLength(500);
        builder.Property(l => l.Version).IsRowVersion();
        builder.Ignore(l => l.Exclusive);
        builder.Ignore(l => l.PlacesLeft);
        builder.Ignore(l => l.PriceSchedule);
        // A schedule is whole or absent: the price rule reads the three columns together.
        builder.ToTable(t => t.HasCheckConstraint("ck_leads_price_schedule",
            "(price_floor is null) = (price_step is null) and (price_step is null) = (price_step_interval is null) "
            + "and (price_step is null or (price_floor > 0 and price_floor <= price and price_step > 0 and price_step_interval >= interval '1 minute'))"));

        builder.HasOne(l => l.Product).WithMany().HasForeignKey(l => l.ProductCode).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(l => l.Provider).WithMany().HasForeignKey(l => l.ProviderId).OnDelete(DeleteBehavior.Restrict);

        // The market query: leads on sale, filtered by product and département, newest first.
        // Leads written by COPY or raw SQL without the column were validated against the first version.
        builder.Property(l => l.SchemaVersion).HasDefaultValue(1);
        builder.HasIndex(l => new { l.Status, l.ProductCode, l.Departement, l.CreatedAt });
        builder.HasIndex(l => new { l.Status, l.CreatedAt });
        builder.HasIndex(l => new { l.ProviderId, l.CreatedAt });
        // Dedupe at ingestion: same phone or email for the same product within 30 days.
        builder.HasIndex(l => new { l.ProductCode, l.Phone, l.CreatedAt });
        builder.HasIndex(l => new { l.ProductCode, l.Email, l.CreatedAt });

        builder.ToTable(t =>
        {
            t.HasCheckConstraint("ck_leads_places", "sold_count >= 0 and held_count >= 0 and sold_count + held_count <= max_buyers");
            t.HasCheckConstraint("ck_leads_price_positive", "price > 0");
        });
    }
}
