using LeadsAssurance.Domain.Data;
using Microsoft.EntityFrameworkCore;

namespace LeadsAssurance.Domain.Ledger;

/// <summary>Reads and moves brokers' prepaid credits.</summary>
public sealed class LedgerService(IDbContextFactory<AppDbContext> dbFactory)
{
    /// <summary>The balance is the sum of the ledger, by definition.</summary>
    public async Task<decimal> GetBalanceAsync(Guid accountId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.CreditLedger.Where(e => e.AccountId == accountId).SumAsync(e => (decimal?)e.Amount, ct) ?? 0m;
    }
}
