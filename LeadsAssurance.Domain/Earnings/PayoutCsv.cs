using LeadsAssurance.Domain.Documents;

namespace LeadsAssurance.Domain.Earnings;

/// <summary>A month's payouts as the admin's bank or accountant reads them: one row per provider, French Excel CSV.</summary>
public static class PayoutCsv
{
    public static readonly string[] Header =
        ["Apporteur", "E-mail", "Identifiant", "Mois", "Gains libérés (€)", "Déjà versé (€)", "À verser (€)", "Versé pour le mois (€)", "Références des virements"];

    public static async Task WriteAsync(DateOnly month, IEnumerable<PayoutDue> rows, Stream output, CancellationToken ct)
    {
        await using var writer = new StreamWriter(output, SpreadsheetCsv.Utf8WithBom, 16 * 1024, leaveOpen: true);
        await writer.WriteLineAsync(SpreadsheetCsv.Row(Header));
        foreach (var r in rows)
        {
            ct.ThrowIfCancellationRequested();
            await writer.WriteLineAsync(SpreadsheetCsv.Row([
                r.Company, r.Email, r.ProviderId.ToString(), month.ToString("MM/yyyy", France.Culture), Euros(r.Released), Euros(r.PaidOut),
                Euros(r.Due), Euros(r.PaidForMonth), r.References]));
        }
    }

    private static string Euros(decimal amount) => amount.ToString("0.00", France.Culture);
}
