using LeadsAssurance.Domain.Data;
using Microsoft.EntityFrameworkCore;

namespace LeadsAssurance.Domain.Calling;

/// <summary>
/// A broker's recorded calls to a lead he bought, oldest first, as evidence in a dispute (an "injoignable" return above
/// all): how many, over how many Paris days, and how many outside the legal hours.
/// </summary>
public sealed record CallEvidence(IReadOnlyList<CallAttemptView> Attempts)
{
    public static readonly CallEvidence None = new([]);

    public int OutsideCallingHours => Attempts.Count(a => !a.WithinCallingHours);

    /// <summary>Calendar days in Paris from the first call to the last, both counted.</summary>
    public int Days => Attempts.Count == 0 ? 0
        : DateOnly.FromDateTime(France.ToParis(Attempts[^1].At).DateTime).DayNumber - DateOnly.FromDateTime(France.ToParis(Attempts[0].At).DateTime).DayNumber + 1;

    /// <summary>"4 appels en 9 jours, dont 0 hors des heures légales".</summary>
    public string Summary => Attempts.Count == 0 ? "Aucun appel noté par le courtier"
        : $"{Attempts.Count} appel{(Attempts.Count > 1 ? "s" : "")} en {Days} jour{(Days > 1 ? "s" : "")}, dont {OutsideCallingHours} hors des heures légales";

    /// <summary>The calls of each (lead, broker) pair among <paramref name="purchases"/>; pairs without a call are left out.</summary>
    internal static async Task<Dictionary<(Guid LeadId, Guid BrokerId), CallEvidence>> ForAsync(AppDbContext db,
        IReadOnlyCollection<(Guid LeadId, Guid BrokerId)> purchases, CancellationToken ct)
    {
        var leadIds = purchases.Select(p => p.LeadId).Distinct().ToList();
        var wanted = purchases.ToHashSet();
        var attempts = await db.CallAttempts.AsNoTracking().Where(a => leadIds.Contains(a.LeadId)).OrderBy(a => a.At).ToListAsync(ct);
        return attempts.Where(a => wanted.Contains((a.LeadId, a.BrokerId))).GroupBy(a => (a.LeadId, a.BrokerId))
            .ToDictionary(g => g.Key, g => new CallEvidence([.. g.Select(CallAttempts.View)]));
    }
}
