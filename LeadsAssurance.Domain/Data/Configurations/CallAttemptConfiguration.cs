using LeadsAssurance.Domain.Accounts;
using LeadsAssurance.Domain.Calling;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LeadsAssurance.Domain.Data.Configurations;

internal sealed class CallAttemptConfiguration : IEntityTypeConfiguration<CallAttempt>
{
    public void Configure(EntityTypeBuilder<CallAttempt> builder)
    {
        builder.ToTable("call_attempts");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Outcome).HasConversion<string>().HasMaxLength(24);
        builder.Property(a => a.Note).HasMaxLength(CallAttempt.MaxNote);
        builder.HasOne<Leads.Lead>().WithMany().HasForeignKey(a => a.LeadId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<ApplicationUser>().WithMany().HasForeignKey(a => a.BrokerId).OnDelete(DeleteBehavior.Restrict);
        // A broker's attempts on a lead, newest first (the 30-day count, the purchases page).
        builder.HasIndex(a => new { a.BrokerId, a.LeadId, a.At });
    }
}
