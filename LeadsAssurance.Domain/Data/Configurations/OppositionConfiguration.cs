using LeadsAssurance.Domain.Privacy.Opposition;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LeadsAssurance.Domain.Data.Configurations;

internal sealed class OppositionEntryConfiguration : IEntityTypeConfiguration<OppositionEntry>
{
    public void Configure(EntityTypeBuilder<OppositionEntry> builder)
    {
        builder.HasKey(e => e.Digest);
        builder.Property(e => e.Digest).HasMaxLength(ContactDigests.Size);
        builder.HasOne<OppositionListVersion>().WithMany().HasForeignKey(e => e.ListId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(e => e.ListId);
        builder.ToTable(t => t.HasCheckConstraint("ck_opposition_entries_digest", "octet_length(digest) = 32"));
    }
}

internal sealed class OppositionListVersionConfiguration : IEntityTypeConfiguration<OppositionListVersion>
{
    public void Configure(EntityTypeBuilder<OppositionListVersion> builder)
    {
        builder.HasKey(v => v.Id);
        builder.Property(v => v.Source).HasMaxLength(20).UseCollation(LeadConfiguration.Identifiers);
        builder.Property(v => v.Description).HasMaxLength(300);
        builder.HasIndex(v => v.Version).IsUnique();
    }
}

internal sealed class OppositionListHeadConfiguration : IEntityTypeConfiguration<OppositionListHead>
{
    public void Configure(EntityTypeBuilder<OppositionListHead> builder)
    {
        builder.ToTable("opposition_list_head");
        builder.HasKey(h => h.Id);
        builder.Property(h => h.Id).ValueGeneratedNever();
        builder.HasData(new OppositionListHead { Id = 1, Version = 0, UpdatedAt = new DateTimeOffset(2026, 12, 2, 0, 0, 0, TimeSpan.Zero) });
    }
}
