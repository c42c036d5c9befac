using LeadsAssurance.Domain.Data;
using Microsoft.EntityFrameworkCore;

namespace LeadsAssurance.Domain.Privacy;

/// <summary>What the platform holds about an e-mail address (GDPR art. 15), for the report sent to that address.</summary>
public sealed class PersonalData
{
    public async Task<IReadOnlyList<PersonalDataItem>> ByEmailAsync(AppDbContext db, string email, CancellationToken ct = default) =>
        await (
            from l in db.Leads.AsNoTracking()
            join c in db.ConsentRecords on l.Id equals c.LeadId
            where l.Email == email && l.ErasedAt == null
            orderby c.CapturedAt
            select new PersonalDataItem(l.Product.Label, l.FirstName, l.LastName, l.Phone, l.ZipCode, l.City, c.CapturedAt,
                l.Provider.CompanyName, db.Purchases.Count(p => p.LeadId == l.Id)))
            .ToListAsync(ct);
}
