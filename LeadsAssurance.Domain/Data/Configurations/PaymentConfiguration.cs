using LeadsAssurance.Domain.Accounts;
using LeadsAssurance.Domain.Payments;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LeadsAssurance.Domain.Data.Configurations;

internal sealed class CardPaymentConfiguration : IEntityTypeConfiguration<CardPayment>
{
    public void Configure(EntityTypeBuilder<CardPayment> builder)
    {
        builder.ToTable("card_payments", t => t.HasCheckConstraint("ck_card_payments_amount_positive", "amount > 0"));
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Purpose).HasConversion<string>().HasMaxLength(16);
        builder.Property(p => p.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(p => p.Outcome).HasConversion<string>().HasMaxLength(16);
        builder.Property(p => p.Message).HasMaxLength(500);
        builder.Property(p => p.CheckoutSessionId).HasMaxLength(255);
        builder.Property(p => p.CheckoutUrl).HasMaxLength(2000);
        builder.Property(p => p.PaymentIntentId).HasMaxLength(255);
        builder.HasIndex(p => p.CheckoutSessionId).IsUnique();
        // Stripe's refund and dispute events name the payment intent, not the session.
        builder.HasIndex(p => p.PaymentIntentId);
        builder.HasIndex(p => new { p.BrokerId, p.CreatedAt });
        builder.HasOne<ApplicationUser>().WithMany().HasForeignKey(p => p.BrokerId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ProcessedStripeEventConfiguration : IEntityTypeConfiguration<ProcessedStripeEvent>
{
    public void Configure(EntityTypeBuilder<ProcessedStripeEvent> builder)
    {
        builder.ToTable("stripe_events");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).HasMaxLength(255);
        builder.Property(e => e.Type).HasMaxLength(100);
    }
}

internal sealed class CardReversalConfiguration : IEntityTypeConfiguration<CardReversal>
{
    public void Configure(EntityTypeBuilder<CardReversal> builder)
    {
        builder.ToTable("card_reversals", t =>
        {
            t.HasCheckConstraint("ck_card_reversals_amounts", "amount > 0 and debited >= 0 and debt >= 0 and debited + debt = amount");
            t.HasCheckConstraint("ck_card_reversals_recovered", "recovered >= 0 and recovered <= debt");
        });
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Kind).HasConversion<string>().HasMaxLength(16);
        builder.Property(r => r.StripeReference).HasMaxLength(255);
        builder.Property(r => r.SettlementNote).HasMaxLength(CardReversal.MaxNote);
        builder.Ignore(r => r.Outstanding);
        // One row per Stripe refund or dispute, however often or in whatever order Stripe tells it.
        builder.HasIndex(r => new { r.CardPaymentId, r.Kind, r.StripeReference }).IsUnique();
        builder.HasIndex(r => new { r.BrokerId, r.CreatedAt });
        builder.HasOne<CardPayment>().WithMany().HasForeignKey(r => r.CardPaymentId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<ApplicationUser>().WithMany().HasForeignKey(r => r.BrokerId).OnDelete(DeleteBehavior.Restrict);
    }
}
