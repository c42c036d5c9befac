using System.Text.Json;
using LeadsAssurance.Domain.Data;
using LeadsAssurance.Domain.Leads;
using Microsoft.EntityFrameworkCore;

namespace LeadsAssurance.Domain.Documents;

/// <summary>
/// "Mes achats" as a CSV for Excel: one row per purchased lead with its contact, its questionnaire answers (one column
/// per attribute, labelled), the consent's proof hash and verification link, and the flow that bought it (empty when
/// bought in the market). Streamed; cells safe from formula injection; phones in their national format
/// ("06 12 34 56 78"), which a spreadsheet keeps as text, and in E.164 in a later column for software that matches
/// numbers (written "'+33612345678", the apostrophe every formula-like cell gets).
/// Clients read columns by position: a new column goes at the end, never between existing ones.
/// </summary>
public sealed class PurchaseExport(IDbContextFactory<AppDbContext> dbFactory)
{
    public static readonly string[] Header =
        ["Acheté le", "Prix (€)", "Produit", "Libellé produit", "Prénom", "Nom", "Téléphone", "E-mail", "Code postal", "Commune",
         "Département", "Apporteur", "Consentement recueilli le", "Empreinte SHA-256", "Vérification", "Réponses au questionnaire", "Lead",
         // Appended later: clients may read columns by position.
         "Téléphone (E.164)", "Flux", "Flux (id)", "Contact effacé (RGPD) le"];

    /// <summary>The broker's purchases up to <paramref name="asOf"/> (all when null): the access trail recorded exactly those.</summary>
    public async Task WriteCsvAsync(Guid brokerId, string publicBaseUrl, Stream output, CancellationToken ct = default, DateTimeOffset? asOf = null)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var scope = await BrokerRowSecurity.BeginAsync(db, brokerId, ct);
        await using var writer = new StreamWriter(output, SpreadsheetCsv.Utf8WithBom, 64 * 1024, leaveOpen: true);
        await writer.WriteLineAsync(SpreadsheetCsv.Row(Header));
        var purchases = db.Purchases.AsNoTracking().Where(p => p.BrokerId == brokerId);
        if (asOf is { } until)
            purchases = purchases.Where(p => p.PurchasedAt <= until);
        var rows =
            from p in purchases
            join c in db.ConsentRecords on p.LeadId equals c.LeadId
            orderby p.PurchasedAt descending, p.Id
            select new
            {
                p.PurchasedAt, p.Price, p.Lead.ProductCode, ProductLabel = p.Lead.Product.Label, p.Lead.FirstName, p.Lead.LastName,
                p.Lead.Phone, p.Lead.Email, p.Lead.ZipCode, p.Lead.City, p.Lead.Departement, Provider = p.Lead.Provider.CompanyName,
                c.CapturedAt, c.ProofHash, p.Lead.Attributes, p.LeadId, p.FlowId, p.Lead.ErasedAt,
                FlowName = db.Flows.Where(f => f.Id == p.FlowId).Select(f => f.Name).FirstOrDefault(),
            };
        await foreach (var r in rows.AsAsyncEnumerable().WithCancellation(ct))
        {
            await writer.WriteLineAsync(SpreadsheetCsv.Row([
                France.ToParis(r.PurchasedAt).ToString("dd/MM/yyyy HH:mm", France.Culture),
                r.Price.ToString("0.00", France.Culture),
                r.ProductCode, r.ProductLabel, r.FirstName, r.LastName, FrenchPhone.Display(r.Phone), r.Email, r.ZipCode, r.City,
                r.Departement, r.Provider,
                France.ToParis(r.CapturedAt).ToString("dd/MM/yyyy HH:mm", France.Culture),
                r.ProofHash, ConsentCertificate.VerificationUrl(publicBaseUrl, r.ProofHash), Answers(r.Attributes), r.LeadId.ToString(), r.Phone,
                r.FlowName ?? "", r.FlowId?.ToString() ?? "",
                // An erased contact's cells above are empty (GDPR art. 17); this says why.
                r.ErasedAt is { } erased ? France.ToParis(erased).ToString("dd/MM/yyyy HH:mm", France.Culture) : "",
            ]));
        }
    }

    /// <summary>The attributes as "key: value" pairs in one cell (products differ, so one column per key would not line up).</summary>
    private static string Answers(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return string.Join(" | ", doc.RootElement.EnumerateObject().Select(p => $"{p.Name}: {p.Value switch
        {
            { ValueKind: JsonValueKind.True } => "oui",
            { ValueKind: JsonValueKind.False } => "non",
            { ValueKind: JsonValueKind.Number } v => v.GetDecimal().ToString(France.Culture),
            var v => v.ToString(),
        }}"));
    }
}
