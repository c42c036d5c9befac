namespace LeadsAssurance.Domain.Earnings;

/// <summary>
/// One line of a provider's earnings ledger (<c>provider_earnings</c>), append-only in the database. The balance is the
/// sum of the amounts. Sale and return lines are written by SQL in the transaction of the purchase or of the accepted
/// dispute (<see cref="EarningsSql"/>); a payout line by <see cref="ProviderPayouts"/>.
/// </summary>
public class ProviderEarning
{
    private ProviderEarning() { }

    internal ProviderEarning(Guid providerId, decimal amount, string reference, DateOnly period, Guid actorId, DateTimeOffset now)
    {
        ProviderId = providerId;
        Kind = EarningKind.Payout;
        Amount = amount;
        Reference = reference;
        Period = period;
        ActorId = actorId;
        CreatedAt = now;
    }

    public long Id { get; private set; }
    public Guid ProviderId { get; private set; }
    public EarningKind Kind { get; private set; }
    /// <summary>Signed: the net earned by a sale, negative for a return or a payout.</summary>
    public decimal Amount { get; private set; }
    /// <summary>The price the broker paid (negative on a return); zero on a payout, whose amount is the transfer.</summary>
    public decimal Gross { get; private set; }
    /// <summary>The product's commission rate when the place was sold (0.30 = 30 %), kept whatever it becomes later.</summary>
    public decimal CommissionRate { get; private set; }
    /// <summary>The platform's part of <see cref="Gross"/>, rounded to the cent.</summary>
    public decimal Commission { get; private set; }
    public Guid? PurchaseId { get; private set; }
    public string? ProductCode { get; private set; }
    /// <summary><c>purchase:{id}</c> for a sale and its return, the bank transfer's reference for a payout: unique per provider and kind.</summary>
    public string Reference { get; private set; } = "";
    /// <summary>A payout's month (its first day): the statement it settles.</summary>
    public DateOnly? Period { get; private set; }
    public Guid? ActorId { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
}
