namespace LeadsAssurance.Domain.Earnings;

/// <summary>
/// A provider's earnings at an instant: <see cref="Available"/> (released and not yet paid), <see cref="Held"/> (within
/// a dispute window or under an open dispute) and what was paid to him. <see cref="Balance"/> is the ledger's sum.
/// </summary>
public sealed record EarningsPosition(decimal Available, decimal Held, decimal PaidOut)
{
    public static readonly EarningsPosition Zero = new(0m, 0m, 0m);

    public decimal Balance => Available + Held;
}
