using LeadsAssurance.Domain.Accounts;
using LeadsAssurance.Domain.Audit;
using LeadsAssurance.Domain.Data;
using Microsoft.EntityFrameworkCore;

namespace LeadsAssurance.Domain.Partners;

/// <summary>How a consent can name a broker: his company name, his ORIAS number and the trade names he declares.</summary>
public sealed record BrokerIdentityView(Guid BrokerId, string CompanyName, string? OriasNumber, IReadOnlyList<string> TradeNames);

/// <summary>
/// A broker's identity as the named-partner matching reads it (<see cref="PartnerName"/>). Declaring trade names
/// recomputes his keys in the same transaction, so the market and his flows see the new ones on their next read.
/// </summary>
public sealed class BrokerIdentity(IDbContextFactory<AppDbContext> dbFactory, TimeProvider time)
{
    public async Task<BrokerIdentityView?> GetAsync(Guid brokerId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Users.AsNoTracking().Where(u => u.Id == brokerId)
            .Select(u => new BrokerIdentityView(u.Id, u.CompanyName, u.OriasNumber, u.TradeNames)).SingleOrDefaultAsync(ct);
    }

    /// <summary>Replaces the broker's trade names (audited); <see cref="ValidationFailedException"/> ("tradeNames") when one is refused.</summary>
    public async Task<BrokerIdentityView> DeclareTradeNamesAsync(Guid brokerId, IEnumerable<string?> tradeNames, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var user = await db.Users.SingleOrDefaultAsync(u => u.Id == brokerId && u.Role == AccountRole.Broker, ct)
            ?? throw new NotFoundException("Compte courtier introuvable.");
        var before = string.Join(" | ", user.TradeNames);
        user.DeclareTradeNames(tradeNames);
        db.AuditLog.Add(new AuditEntry(brokerId, "account.trade-names.changed", $"account:{brokerId}",
            $"{(before.Length == 0 ? "(aucun)" : before)} → {(user.TradeNames.Count == 0 ? "(aucun)" : string.Join(" | ", user.TradeNames))}", time.GetUtcNow()));
        await db.SaveChangesAsync(ct);
        return new BrokerIdentityView(user.Id, user.CompanyName, user.OriasNumber, user.TradeNames);
    }
}
