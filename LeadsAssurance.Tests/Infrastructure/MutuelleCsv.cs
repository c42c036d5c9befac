using System.Text;
using LeadsAssurance.Domain.Ingestion;
using LeadsAssurance.Domain.Ingestion.Csv;

namespace LeadsAssurance.Tests.Infrastructure;

/// <summary>Mutuelle santé CSV files as a provider exports them from Excel (windows-1252, ';').</summary>
public static class MutuelleCsv
{
    public const string Header = "Prénom;Nom;Téléphone;E-mail;Code postal;Ville;Régime social;Personnes à assurer;Date de naissance;Niveau de garanties souhaité;" +
                                 "Consentement;Version;Date du consentement;Adresse IP;Navigateur;URL;Partenaires";

    private static int _seed;

    /// <summary>A valid row; each call gets a distinct phone and e-mail unless given.</summary>
    public static string Row(string? phone = null, string zip = "69003", string lastName = "Dupont", string birth = "17/05/1980")
    {
        var n = Interlocked.Increment(ref _seed);
        phone ??= $"06 {n / 1_000_000 % 90 + 10:00} {n / 10_000 % 100:00} {n / 100 % 100:00} {n % 100:00}";
        return $"Élodie;{lastName};{phone};elodie.{n}.{Guid.NewGuid():N}@exemple.fr;{zip};;Régime général;Couple;{birth};Confort;" +
               "\"J'accepte d'être rappelée; par téléphone\";v2;24/11/2026 09:30;203.0.113.9;Mozilla/5.0;https://exemple.fr/mutuelle;Cabinet A|Cabinet B";
    }

    public static string File(IEnumerable<string> rows) => Header + "\r\n" + string.Join("\r\n", rows) + "\r\n";

    /// <summary>Uploads the rows for a new approved provider and records the import, ready to run.</summary>
    public static async Task<(Guid ProviderId, Guid ImportId, UploadedCsv File)> CreateImportAsync(AppFactory app, LeadImports imports, IEnumerable<string> rows)
    {
        var (providerId, _) = await app.CreateAccountAsync("Provider", approve: true);
        var file = await imports.UploadAsync(new MemoryStream(CsvSniffer.Windows1252.GetBytes(File(rows))), "export-excel.csv");
        var mapping = ImportTargets.Suggest(file.Headers, await imports.TargetsAsync("MUTUELLE_SANTE"));
        return (providerId, await imports.CreateAsync(providerId, "MUTUELLE_SANTE", file, mapping), file);
    }
}
