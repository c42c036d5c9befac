using System.Globalization;
using LeadsAssurance.Domain.Data;
using LeadsAssurance.Domain.Earnings;
using Microsoft.EntityFrameworkCore;

namespace LeadsAssurance.Domain.Documents;

/// <summary>
/// A provider's monthly earnings statement, like a broker's credit statement: the balance at the start of the Paris
/// month, every sale (price, commission, net), return and payout of the month, and at its end what is available and
/// what is held. Only the provider's own lines.
/// </summary>
public sealed class EarningsStatements(IDbContextFactory<AppDbContext> dbFactory, EarningsQueries earnings, TimeProvider time)
{
    public static string KindLabel(EarningKind kind) => kind switch
    {
        EarningKind.Sale => "Vente",
        EarningKind.Return => "Retour accepté",
        _ => "Virement",
    };

    /// <summary>Writes the statement of the Paris month starting on <paramref name="month"/> (day 1).</summary>
    public async Task WriteMonthlyAsync(Guid providerId, DateOnly month, Stream output, CancellationToken ct = default)
    {
        var start = France.DayStart(month);
        var end = France.DayStart(month.AddMonths(1));
        var now = time.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var account = await db.Users.Where(u => u.Id == providerId).Select(u => new { u.CompanyName, u.Siren, u.Email }).SingleAsync(ct);
        var mine = db.ProviderEarnings.Where(e => e.ProviderId == providerId);
        var opening = await mine.Where(e => e.CreatedAt < start).SumAsync(e => (decimal?)e.Amount, ct) ?? 0m;
        var lines = await (
            from e in mine.Where(e => e.CreatedAt >= start && e.CreatedAt < end)
            join p in db.Purchases on e.PurchaseId equals p.Id into bought
            from p in bought.DefaultIfEmpty()
            orderby e.Id
            select new { e.CreatedAt, e.Kind, e.Gross, e.Commission, e.CommissionRate, e.Amount, e.Reference,
                Lead = p == null ? null : p.Lead.Product.Label + " · " + p.Lead.City + " (" + p.Lead.Departement + ")" })
            .AsNoTracking().ToListAsync(ct);
        // The position as the month closed (its last microsecond, timestamptz's precision), or now while it runs.
        var closing = await earnings.PositionAtAsync(providerId, end <= now ? end.AddTicks(-10) : now, ct);
        var monthName = month.ToDateTime(TimeOnly.MinValue).ToString("MMMM yyyy", France.Culture);

        using var pdf = new PdfComposer(output, $"Relevé de gains — {monthName}", $"LeadsAssurance · Relevé de gains · {account.CompanyName} · {monthName}", now);
        pdf.Title($"Relevé de gains — {monthName}", $"Gains d'apporteur de {account.CompanyName} · émis le {Paris(now)} (heure de Paris)");
        pdf.Heading("Titulaire");
        pdf.Field("Raison sociale", account.CompanyName);
        pdf.Field("SIREN", account.Siren);
        pdf.Field("E-mail", account.Email);
        pdf.Heading("Synthèse");
        pdf.Field("Solde au début du mois", Euros(opening));
        var sales = lines.Where(l => l.Kind == EarningKind.Sale).ToList();
        pdf.Field("Ventes", $"{sales.Count} vente(s) · {Euros(sales.Sum(l => l.Gross))} − commission {Euros(sales.Sum(l => l.Commission))} = {Euros(sales.Sum(l => l.Amount))}", labelWidth: 150);
        var returns = lines.Where(l => l.Kind == EarningKind.Return).ToList();
        pdf.Field("Retours acceptés", $"{returns.Count} retour(s) · {Euros(returns.Sum(l => l.Amount))}", labelWidth: 150);
        var payouts = lines.Where(l => l.Kind == EarningKind.Payout).ToList();
        pdf.Field("Virements reçus", $"{payouts.Count} virement(s) · {Euros(payouts.Sum(l => l.Amount))}", labelWidth: 150);
        pdf.Field("Solde à la fin du mois", Euros(closing.Balance), labelWidth: 150);
        pdf.Field("dont disponible", Euros(closing.Available), labelWidth: 150);
        pdf.Field("dont en attente", Euros(closing.Held), labelWidth: 150);
        pdf.Heading("Opérations");
        float[] columns = [0, 72, 150, 330, 395, 455];
        bool[] right = [false, false, false, true, true, true];
        pdf.TableRow(["Date", "Opération", "Détail", "Prix", "Commission", "Net"], columns, right, header: true);
        if (lines.Count == 0)
            pdf.Paragraph("Aucune opération ce mois-ci.", PdfStyle.Muted);
        foreach (var l in lines)
            pdf.TableRow([Paris(l.CreatedAt)[..10], KindLabel(l.Kind), l.Lead ?? $"Réf. {l.Reference}",
                l.Kind == EarningKind.Payout ? "" : Euros(l.Gross),
                l.Kind == EarningKind.Payout ? "" : $"{Euros(l.Commission)} ({(l.CommissionRate * 100m).ToString("0.##", France.Culture)} %)",
                Euros(l.Amount)], columns, right);
        pdf.Space(10);
        pdf.Paragraph("Chaque vente vous rapporte son prix moins la commission de la plateforme. Ce gain reste en attente pendant le délai "
            + "de contestation du courtier, et tant qu'un litige est ouvert ; un retour accepté l'annule. Le journal de vos gains ne peut "
            + "être ni modifié ni supprimé.", PdfStyle.Muted);
    }

    private static string Euros(decimal amount) => amount.ToString("C", France.Culture);

    private static string Paris(DateTimeOffset t) => France.ToParis(t).ToString("dd/MM/yyyy HH:mm:ss", CultureInfo.InvariantCulture);
}
