namespace LeadsAssurance.Domain.Payments;

public enum CardReversalKind
{
    /// <summary>Stripe refunded (part of) the charge: <c>charge.refunded</c>.</summary>
    Refund,
    /// <summary>The cardholder's bank disputed the charge: <c>charge.dispute.created</c>.</summary>
    Chargeback,
}

/// <summary>
/// Money Stripe took back from a card top-up after it was credited. The credits still in the wallet are debited at once
/// (<see cref="Debited"/>); what the broker had already spent cannot be (a balance never goes below zero) and is his debt
/// to the platform (<see cref="Debt"/>), shown to the admin until it is recovered from later credits or settled outside.
/// A chargeback the platform wins gives back what it took (<see cref="ReinstatedAt"/>) and cancels the debt.
/// </summary>
public class CardReversal
{
    public const int MaxNote = 500;

    private CardReversal() { }

    internal CardReversal(Guid id, Guid cardPaymentId, Guid brokerId, CardReversalKind kind, string stripeReference, decimal amount,
        decimal debited, DateTimeOffset now)
    {
        Id = id;
        CardPaymentId = cardPaymentId;
        BrokerId = brokerId;
        Kind = kind;
        StripeReference = stripeReference;
        Amount = amount;
        Debited = debited;
        Debt = amount - debited;
        CreatedAt = now;
    }

    public Guid Id { get; private set; }
    public Guid CardPaymentId { get; private set; }
    public Guid BrokerId { get; private set; }
    public CardReversalKind Kind { get; private set; }
    /// <summary>The Stripe dispute id, or the charge id with the cumulative refunded amount (one row per refund).</summary>
    public string StripeReference { get; private set; } = "";
    /// <summary>Euros Stripe took back.</summary>
    public decimal Amount { get; private set; }
    /// <summary>Euros taken from the wallet when Stripe's event arrived.</summary>
    public decimal Debited { get; private set; }
    /// <summary>Euros already spent when Stripe took them back: owed by the broker.</summary>
    public decimal Debt { get; private set; }
    /// <summary>Euros of the debt taken from credits the broker got later.</summary>
    public decimal Recovered { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    /// <summary>When a won chargeback gave the funds back.</summary>
    public DateTimeOffset? ReinstatedAt { get; private set; }
    /// <summary>When an admin recorded the debt as settled outside the platform (a bank transfer), with his note.</summary>
    public DateTimeOffset? SettledAt { get; private set; }
    public Guid? SettledBy { get; private set; }
    public string? SettlementNote { get; private set; }

    /// <summary>What the broker still owes for this reversal.</summary>
    public decimal Outstanding => ReinstatedAt is null && SettledAt is null ? Debt - Recovered : 0m;

    internal void Recover(decimal amount) => Recovered += amount;

    internal void Reinstate(DateTimeOffset now) => ReinstatedAt = now;

    internal void Settle(Guid adminId, string note, DateTimeOffset now)
    {
        SettledAt = now;
        SettledBy = adminId;
        SettlementNote = note;
    }
}
