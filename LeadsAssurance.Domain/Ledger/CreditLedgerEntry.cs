namespace LeadsAssurance.Domain.Ledger;

/// <summary>Why a broker's credit balance moved.</summary>
public enum LedgerEntryKind
{
    TopUp,
    Purchase,
    Refund,
    Adjustment,
    /// <summary>Stripe refunded a card top-up: its credits are taken back (what is left of them).</summary>
    CardRefund,
    /// <summary>The cardholder disputed a card top-up with his bank: Stripe withdrew the funds, so are the credits.</summary>
    Chargeback,
    /// <summary>The bank dispute was won: Stripe reinstated the funds, the credits taken come back.</summary>
    ChargebackWon,
    /// <summary>The fee of a refused dispute (Market:RefusedDisputeFee).</summary>
    DisputeFee,
}

/// <summary>
/// One line of a broker's prepaid wallet. The ledger is append-only; the balance is the sum of the amounts,
/// and each line carries the running balance so a negative one is refused by a database check.
/// </summary>
public class CreditLedgerEntry
{
    private CreditLedgerEntry() { }

    internal CreditLedgerEntry(Guid accountId, LedgerEntryKind kind, decimal amount, decimal balanceAfter,
        string reference, Guid? actorId, DateTimeOffset now)
    {
        AccountId = accountId;
        Kind = kind;
        Amount = amount;
        BalanceAfter = balanceAfter;
        Reference = reference;
        ActorId = actorId;
        CreatedAt = now;
    }

    public long Id { get; private set; }
    public Guid AccountId { get; private set; }
    public LedgerEntryKind Kind { get; private set; }
    /// <summary>Signed: positive for money in, negative for a purchase.</summary>
    public decimal Amount { get; private set; }
    public decimal BalanceAfter { get; private set; }
    /// <summary>A bank transfer reference, a purchase id, a Stripe session id: unique per account and kind.</summary>
    public string Reference { get; private set; } = "";
    public Guid? ActorId { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
}
