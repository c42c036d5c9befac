using LeadsAssurance.Domain.Data;
using LeadsAssurance.Domain.Leads;
using Microsoft.EntityFrameworkCore;

namespace LeadsAssurance.Domain.Disputes;

/// <summary>
/// Objective evidence the platform can check by itself, for the reasons that have some: a number the national numbering
/// plan (libphonenumber's current metadata) no longer reports as assigned, and a contact the same broker had already
/// bought in the 30 days before. Returns the proof in French (the decision's note), or null when there is none.
/// </summary>
public static class DisputeEvidence
{
    public const string WrongNumber = "WrongNumber";
    public const string Duplicate = "Duplicate";

    /// <summary>How far back a contact bought again counts as a duplicate.</summary>
    public static readonly TimeSpan DuplicateWindow = TimeSpan.FromDays(30);

    public static bool Checks(string reasonCode) => reasonCode is WrongNumber or Duplicate;

    internal static async Task<string?> FindAsync(AppDbContext db, string reasonCode, Lead lead, Guid brokerId, DateTimeOffset purchasedAt,
        CancellationToken ct)
    {
        switch (reasonCode)
        {
            case WrongNumber when !string.IsNullOrEmpty(lead.Phone):
                return FrenchPhone.Normalize(lead.Phone, out _) is null
                    ? $"Accepté automatiquement : le numéro {lead.Phone} n'est attribué à aucune ligne selon le plan de numérotation en vigueur."
                    : null;
            case Duplicate when !string.IsNullOrEmpty(lead.Phone) || !string.IsNullOrEmpty(lead.Email):
                var since = purchasedAt - DuplicateWindow;
                var earlier = await db.Purchases.Where(p => p.BrokerId == brokerId && p.LeadId != lead.Id && p.PurchasedAt < purchasedAt
                        && p.PurchasedAt >= since
                        && ((lead.Phone != "" && p.Lead.Phone == lead.Phone) || (lead.Email != "" && p.Lead.Email == lead.Email)))
                    .OrderBy(p => p.PurchasedAt).Select(p => new { p.PurchasedAt, p.LeadId }).FirstOrDefaultAsync(ct);
                return earlier is null ? null
                    : $"Accepté automatiquement : vous aviez déjà acheté ce contact le {France.ToParis(earlier.PurchasedAt):dd/MM/yyyy} (lead {earlier.LeadId}).";
            default:
                return null;
        }
    }
}
