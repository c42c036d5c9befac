using System.Text;
using LeadsAssurance.Domain.Catalog;
using LeadsAssurance.Domain.Data;
using LeadsAssurance.Domain.Ingestion.Csv;
using Microsoft.EntityFrameworkCore;

namespace LeadsAssurance.Domain.Ingestion;

/// <summary>The files the import page offers: a product's CSV template and an import's per-row error report.</summary>
public sealed class ImportDocuments(IDbContextFactory<AppDbContext> dbFactory, LeadImports imports, TimeProvider time)
{
    /// <summary>
    /// The per-row report (Ligne;Champ;Message), UTF-8 with BOM and ';' as French Excel opens it. Cells that a
    /// spreadsheet would run as formulas are neutralised. False (nothing written) when the import is not the provider's.
    /// </summary>
    public async Task<bool> WriteErrorReportAsync(Guid providerId, Guid importId, Stream output, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await db.LeadImports.AnyAsync(i => i.Id == importId && i.ProviderId == providerId, ct))
            return false;
        await using var writer = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), 64 * 1024, leaveOpen: true);
        await writer.WriteLineAsync("Ligne;Champ;Message");
        await foreach (var e in db.LeadImportErrors.AsNoTracking().Where(e => e.ImportId == importId).OrderBy(e => e.Line).ThenBy(e => e.Id).AsAsyncEnumerable().WithCancellation(ct))
            await writer.WriteLineAsync($"{e.Line};{Documents.SpreadsheetCsv.Cell(e.Field)};{Documents.SpreadsheetCsv.Cell(e.Message)}");
        return true;
    }

    /// <summary>A template for the product: the header the import matches automatically and one example row.</summary>
    public async Task<string> TemplateAsync(string productCode, CancellationToken ct = default)
    {
        var product = await imports.ProductAsync(productCode, ct);
        var targets = ImportTargets.For(product.AttributesSchema).Where(t => t.Key != "exclusive").ToList();
        var sample = SchemaSampler.Sample(product.AttributesSchema, new Bogus.Randomizer(42), DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime));
        var paris = France.ToParis(time.GetUtcNow().AddHours(-1));
        string Example(ImportTarget t) => t.Key switch
        {
            "firstName" => "Éloïse",
            "lastName" => "Dupont",
            "phone" => "06 12 34 56 78",
            "email" => "eloise.dupont@exemple.fr",
            "zipCode" => "69003",
            "city" => "Lyon",
            "consent.text" => "J'accepte d'être contacté(e) par les partenaires cités.",
            "consent.textVersion" => "v1",
            "consent.capturedAt" => paris.ToString("dd/MM/yyyy HH:mm", System.Globalization.CultureInfo.InvariantCulture),
            "consent.ipAddress" => "203.0.113.7",
            "consent.userAgent" => "Mozilla/5.0",
            "consent.sourceUrl" => "https://www.exemple.fr/formulaire",
            "consent.partners" => "Cabinet Martin|Assurances Durand",
            _ => sample[t.AttributeName] switch
            {
                null => "",
                var n when t.Kind == TargetKind.Date => DateOnly.Parse(n.ToString(), System.Globalization.CultureInfo.InvariantCulture).ToString("dd/MM/yyyy", System.Globalization.CultureInfo.InvariantCulture),
                var n when t.Kind == TargetKind.Boolean => n.GetValue<bool>() ? "oui" : "non",
                var n when t.Kind == TargetKind.Number => n.GetValue<decimal>().ToString(France.Culture),
                var n when t.Kind == TargetKind.Enum => t.Options!.First(o => o.Value == n.ToString()).Label,
                var n => n.ToString(),
            },
        };
        var sb = new StringBuilder();
        sb.AppendLine(Documents.SpreadsheetCsv.Row(targets.Select(t => t.Label)));
        sb.AppendLine(Documents.SpreadsheetCsv.Row(targets.Select(Example)));
        return sb.ToString();
    }
}
