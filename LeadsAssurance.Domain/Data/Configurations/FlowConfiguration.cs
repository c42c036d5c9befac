using LeadsAssurance.Domain.Accounts;
using LeadsAssurance.Domain.Flows;
using LeadsAssurance.Domain.Market;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LeadsAssurance.Domain.Data.Configurations;

internal sealed class FlowConfiguration : IEntityTypeConfiguration<Flow>
{
    public void Configure(EntityTypeBuilder<Flow> builder)
    {
        builder.ToTable("flows", t =>
        {
            t.HasCheckConstraint("ck_flows_priority", "priority between 1 and 10");
            t.HasCheckConstraint("ck_flows_caps", "(daily_cap is null or daily_cap > 0) and (weekly_cap is null or weekly_cap > 0) " +
                "and (monthly_cap is null or monthly_cap > 0) and (monthly_spend_cap is null or monthly_spend_cap > 0)");
            t.HasCheckConstraint("ck_flows_counters", "day_count >= 0 and week_count >= 0 and month_count >= 0 and month_spend >= 0");
            t.HasCheckConstraint("ck_flows_products", "cardinality(product_codes) > 0");
        });
        builder.HasKey(f => f.Id);
        builder.HasOne<ApplicationUser>().WithMany().HasForeignKey(f => f.BrokerId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(f => f.Name).HasMaxLength(100);
        builder.Property(f => f.ProductCodes).HasColumnType("text[]");
        builder.Property(f => f.Departements).HasColumnType("text[]");
        builder.Property(f => f.AttributeFilters).HasColumnType("jsonb");
        builder.Property(f => f.ScheduleDays).HasColumnType("integer[]");
        builder.Property(f => f.WebhookUrl).HasMaxLength(2000);
        builder.Property(f => f.WebhookSecret).HasMaxLength(1000);
        builder.Property(f => f.Status).HasConversion<string>().HasMaxLength(16).UseCollation(LeadConfiguration.Identifiers);
        builder.Property(f => f.PauseCause).HasConversion<string>().HasMaxLength(32);
        builder.Property(f => f.PauseReason).HasMaxLength(Flow.MaxPauseReason);
        builder.Property(f => f.MonthSpend).HasDefaultValue(0m);
        builder.Property(f => f.MinProviderScore).HasPrecision(2, 1);
        builder.Property(f => f.NamedPartnerOnly).HasDefaultValue(false);
        builder.Ignore(f => f.HasWebhook);
        // The router's first question at each ingestion batch: the active flows (a few thousand rows at most).
        builder.HasIndex(f => f.Status).HasFilter("status = 'Active'").HasDatabaseName("ix_flows_active");
        builder.HasIndex(f => new { f.BrokerId, f.Status });
        // The router reads the highest turn given so far (max() through this index) to hand out the next ones.
        builder.HasIndex(f => f.DeliveryTurn);
    }
}

internal sealed class FlowDeliveryConfiguration : IEntityTypeConfiguration<FlowDelivery>
{
    public void Configure(EntityTypeBuilder<FlowDelivery> builder)
    {
        builder.ToTable("flow_deliveries", t => t.HasCheckConstraint("ck_flow_deliveries_attempts", "attempts >= 0"));
        builder.HasKey(d => d.Id);
        builder.HasOne<Flow>().WithMany().HasForeignKey(d => d.FlowId).OnDelete(DeleteBehavior.Restrict);
        // The purchase's foreign keys already vouch for its lead and broker, which a delivery copies from it in the same
        // statement batch: checking them again cost two lookups and a row lock per delivery in an import's routing.
        builder.HasOne<Purchase>().WithMany().HasForeignKey(d => d.PurchaseId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(d => d.Status).HasConversion<string>().HasMaxLength(16).UseCollation(LeadConfiguration.Identifiers);
        builder.Property(d => d.LastError).HasMaxLength(FlowDeliveryAttempt.MaxError);
        builder.HasMany(d => d.AttemptLog).WithOne().HasForeignKey(a => a.DeliveryId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(d => d.PurchaseId).IsUnique();
        // A flow's deliveries, newest first, and its per-day counts (sparkline, caps' audit).
        builder.HasIndex(d => new { d.FlowId, d.CreatedAt });
        builder.HasIndex(d => new { d.BrokerId, d.CreatedAt });
        // The webhook sender's only question, "what is due?": a small index over the pending rows alone.
        builder.HasIndex(d => d.NextAttemptAt).HasFilter("status = 'Pending'").HasDatabaseName("ix_flow_deliveries_due");
    }
}

internal sealed class FlowDeliveryAttemptConfiguration : IEntityTypeConfiguration<FlowDeliveryAttempt>
{
    public void Configure(EntityTypeBuilder<FlowDeliveryAttempt> builder)
    {
        builder.ToTable("flow_delivery_attempts");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Error).HasMaxLength(FlowDeliveryAttempt.MaxError);
        builder.Property(a => a.ResponseExcerpt).HasMaxLength(FlowDeliveryAttempt.MaxResponseExcerpt);
        builder.HasIndex(a => new { a.DeliveryId, a.AttemptedAt });
    }
}

/// <summary>purchases.flow_id, configured here so the market's configuration stays the market's.</summary>
internal sealed class PurchaseFlowConfiguration : IEntityTypeConfiguration<Purchase>
{
    public void Configure(EntityTypeBuilder<Purchase> builder) =>
        builder.HasOne<Flow>().WithMany().HasForeignKey(p => p.FlowId).OnDelete(DeleteBehavior.Restrict);
}

internal sealed class FlowDigestConfiguration : IEntityTypeConfiguration<FlowDigest>
{
    public void Configure(EntityTypeBuilder<FlowDigest> builder)
    {
        builder.ToTable("flow_digests");
        builder.HasKey(d => new { d.BrokerId, d.Day });
        builder.HasOne<ApplicationUser>().WithMany().HasForeignKey(d => d.BrokerId).OnDelete(DeleteBehavior.Cascade);
    }
}
