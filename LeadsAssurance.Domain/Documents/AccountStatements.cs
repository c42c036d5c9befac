using System.Globalization;
using LeadsAssurance.Domain.Data;
using LeadsAssurance.Domain.Ledger;
using Microsoft.EntityFrameworkCore;

namespace LeadsAssurance.Domain.Documents;

/// <summary>One line of a broker's wallet as his pages and statements show it.</summary>
public sealed record LedgerLine(long Id, DateTimeOffset At, LedgerEntryKind Kind, decimal Amount, decimal BalanceAfter, string Reference, string Detail);

/// <summary>
/// A broker's wallet on paper: the monthly statement (opening balance, every top-up, purchase, refund and adjustment of
/// the Paris month, closing balance, totals) and the receipt of a top-up. Only the account's own entries.
/// </summary>
public sealed class AccountStatements(IDbContextFactory<AppDbContext> dbFactory, TimeProvider time)
{
    public static string KindLabel(LedgerEntryKind kind) => kind switch
    {
        LedgerEntryKind.TopUp => "Recharge",
        LedgerEntryKind.Purchase => "Achat de lead",
        LedgerEntryKind.Refund => "Remboursement",
        LedgerEntryKind.CardRefund => "Carte remboursée",
        LedgerEntryKind.Chargeback => "Contestation bancaire",
        LedgerEntryKind.ChargebackWon => "Contestation levée",
        LedgerEntryKind.DisputeFee => "Frais de litige",
        _ => "Ajustement",
    };

    /// <summary>The latest entries, newest first, with a readable detail (the lead bought, the payment means).</summary>
    public async Task<IReadOnlyList<LedgerLine>> RecentAsync(Guid accountId, int take = 50, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await LinesAsync(db, db.CreditLedger.Where(e => e.AccountId == accountId).OrderByDescending(e => e.Id).Take(take), ct);
    }

    /// <summary>The Paris months with activity, newest first.</summary>
    public async Task<IReadOnlyList<DateOnly>> MonthsAsync(Guid accountId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var first = await db.CreditLedger.Where(e => e.AccountId == accountId).OrderBy(e => e.Id).Select(e => (DateTimeOffset?)e.CreatedAt).FirstOrDefaultAsync(ct);
        if (first is null)
            return [];
        var start = MonthOf(first.Value);
        var months = new List<DateOnly>();
        for (var m = MonthOf(time.GetUtcNow()); m >= start; m = m.AddMonths(-1))
            months.Add(m);
        return months;
    }

    /// <summary>Writes the statement of the Paris month starting on <paramref name="month"/> (day 1).</summary>
    public async Task WriteMonthlyAsync(Guid accountId, DateOnly month, Stream output, CancellationToken ct = default)
    {
        var start = France.DayStart(month);
        var end = France.DayStart(month.AddMonths(1));
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var account = await db.Users.Where(u => u.Id == accountId).Select(u => new { u.CompanyName, u.Siren, u.OriasNumber, u.Email }).SingleAsync(ct);
        var opening = await db.CreditLedger.Where(e => e.AccountId == accountId && e.CreatedAt < start).OrderByDescending(e => e.Id)
            .Select(e => (decimal?)e.BalanceAfter).FirstOrDefaultAsync(ct) ?? 0m;
        var lines = await LinesAsync(db, db.CreditLedger.Where(e => e.AccountId == accountId && e.CreatedAt >= start && e.CreatedAt < end).OrderBy(e => e.Id), ct);
        var closing = lines.Count > 0 ? lines[^1].BalanceAfter : opening;
        var monthName = month.ToDateTime(TimeOnly.MinValue).ToString("MMMM yyyy", France.Culture);
        var now = time.GetUtcNow();

        using var pdf = new PdfComposer(output, $"Relevé de compte — {monthName}", $"LeadsAssurance · Relevé de crédits · {account.CompanyName} · {monthName}", now);
        pdf.Title($"Relevé de compte — {monthName}", $"Portefeuille de crédits de {account.CompanyName} · émis le {Paris(now)} (heure de Paris)");
        pdf.Heading("Titulaire");
        pdf.Field("Raison sociale", account.CompanyName);
        pdf.Field("SIREN", account.Siren);
        pdf.Field("ORIAS", account.OriasNumber);
        pdf.Field("E-mail", account.Email);
        pdf.Heading("Synthèse");
        pdf.Field("Solde au début du mois", Euros(opening));
        foreach (var kind in Enum.GetValues<LedgerEntryKind>())
        {
            var sum = lines.Where(l => l.Kind == kind).Sum(l => l.Amount);
            var count = lines.Count(l => l.Kind == kind);
            pdf.Field(kind switch
            {
                LedgerEntryKind.TopUp => "Recharges",
                LedgerEntryKind.Purchase => "Achats de leads",
                LedgerEntryKind.Refund => "Remboursements",
                LedgerEntryKind.CardRefund => "Paiements carte remboursés",
                LedgerEntryKind.Chargeback => "Contestations bancaires",
                LedgerEntryKind.ChargebackWon => "Contestations levées",
                LedgerEntryKind.DisputeFee => "Frais de litiges refusés",
                _ => "Ajustements",
            }, $"{count} opération(s) · {Euros(sum)}");
        }
        pdf.Field("Solde à la fin du mois", Euros(closing));
        pdf.Heading("Opérations");
        float[] columns = [0, 90, 168, 385, 445];
        bool[] right = [false, false, false, true, true];
        pdf.TableRow(["Date", "Opération", "Détail", "Montant", "Solde"], columns, right, header: true);
        if (lines.Count == 0)
            pdf.Paragraph("Aucune opération ce mois-ci.", PdfStyle.Muted);
        foreach (var l in lines)
            pdf.TableRow([Paris(l.At)[..16], KindLabel(l.Kind), l.Detail, Euros(l.Amount), Euros(l.BalanceAfter)], columns, right);
        pdf.Space(10);
        pdf.Paragraph("Les crédits sont des avances sur les achats de leads de la plateforme. Chaque achat, recharge et remboursement "
            + "figure au journal du portefeuille, qui ne peut être ni modifié ni supprimé.", PdfStyle.Muted);
    }

    /// <summary>The receipt of one top-up of the account; false when the entry is not the account's top-up.</summary>
    public async Task<bool> WriteReceiptAsync(Guid accountId, long entryId, Stream output, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var entry = await db.CreditLedger.AsNoTracking().SingleOrDefaultAsync(e => e.Id == entryId && e.AccountId == accountId && e.Kind == LedgerEntryKind.TopUp, ct);
        if (entry is null)
            return false;
        var account = await db.Users.Where(u => u.Id == accountId).Select(u => new { u.CompanyName, u.Siren, u.Email }).SingleAsync(ct);
        var card = entry.Reference.StartsWith("stripe:", StringComparison.Ordinal);
        using var pdf = new PdfComposer(output, $"Reçu de recharge n° {entry.Id}", $"LeadsAssurance · Reçu n° {entry.Id}", entry.CreatedAt);
        pdf.Title($"Reçu de recharge n° {entry.Id.ToString(CultureInfo.InvariantCulture)}", $"Émis pour {account.CompanyName}");
        pdf.Heading("Recharge");
        pdf.Field("Date", Paris(entry.CreatedAt) + " (heure de Paris)");
        pdf.Field("Montant", Euros(entry.Amount));
        pdf.Field("Moyen de paiement", card ? "Carte bancaire (Stripe)" : "Virement bancaire");
        pdf.Field(card ? "Référence Stripe" : "Référence du virement", card ? entry.Reference["stripe:".Length..] : entry.Reference);
        pdf.Field("Solde après recharge", Euros(entry.BalanceAfter));
        pdf.Heading("Titulaire");
        pdf.Field("Raison sociale", account.CompanyName);
        pdf.Field("SIREN", account.Siren);
        pdf.Field("E-mail", account.Email);
        pdf.Space(10);
        pdf.Paragraph("Ce reçu atteste l'encaissement du montant ci-dessus, crédité sur votre portefeuille LeadsAssurance. "
            + "Les crédits servent à payer les leads achetés sur la plateforme.", PdfStyle.Muted);
        return true;
    }

    public static DateOnly MonthOf(DateTimeOffset t)
    {
        var paris = France.ToParis(t);
        return new DateOnly(paris.Year, paris.Month, 1);
    }

    /// <summary>Entries with their detail: the lead a purchase paid for (looked up by purchase id), the means of a top-up.</summary>
    private static async Task<List<LedgerLine>> LinesAsync(AppDbContext db, IQueryable<CreditLedgerEntry> entries, CancellationToken ct)
    {
        var list = await entries.AsNoTracking().ToListAsync(ct);
        var purchaseIds = list.Select(e => e.Reference.StartsWith("purchase:", StringComparison.Ordinal) && Guid.TryParse(e.Reference[9..], out var id) ? id : Guid.Empty)
            .Where(id => id != Guid.Empty).ToList();
        var leads = await db.Purchases.Where(p => purchaseIds.Contains(p.Id))
            .Select(p => new { p.Id, Text = p.Lead.Product.Label + " · " + p.Lead.City + " (" + p.Lead.Departement + ")" })
            .ToDictionaryAsync(p => "purchase:" + p.Id, p => p.Text, ct);
        return [.. list.Select(e => new LedgerLine(e.Id, e.CreatedAt, e.Kind, e.Amount, e.BalanceAfter, e.Reference,
            leads.GetValueOrDefault(e.Reference) ?? Detail(e)))];
    }

    private static string Detail(CreditLedgerEntry e) => e.Kind switch
    {
        LedgerEntryKind.TopUp => e.Reference.StartsWith("stripe:", StringComparison.Ordinal) ? "Carte bancaire (Stripe)" : "Virement " + e.Reference,
        LedgerEntryKind.CardRefund or LedgerEntryKind.Chargeback when e.Reference.StartsWith("debt:", StringComparison.Ordinal) =>
            "Reprise d'un montant dû sur un paiement carte annulé",
        LedgerEntryKind.CardRefund => "Remboursement Stripe d'une recharge par carte",
        LedgerEntryKind.Chargeback => "Paiement carte contesté auprès de la banque",
        LedgerEntryKind.ChargebackWon => "Contestation bancaire rejetée : crédits rendus",
        LedgerEntryKind.DisputeFee => "Frais de contestation refusée",
        _ => e.Reference,
    };

    private static string Euros(decimal amount) => amount.ToString("C", France.Culture);

    private static string Paris(DateTimeOffset t) => France.ToParis(t).ToString("dd/MM/yyyy HH:mm:ss", CultureInfo.InvariantCulture);
}
