using System.Text;
using LeadsAssurance.Domain.Ingestion.Csv;
using LeadsAssurance.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace LeadsAssurance.Tests.EndToEnd;

[Trait("Category", "Slow")]
public class CsvImportFlowTests(BrowserFixture app) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task AProviderImportsACsvAndABrokersMarketShowsTheNewLeadLive()
    {
        await app.CreateAccountAsync("Provider", approve: true, email: "import@apporteur.fr");
        await app.CreateAccountAsync("Broker", approve: true, email: "watch@courtage.fr");
        var consent = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow.AddMinutes(-30), TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris"))
            .ToString("dd/MM/yyyy HH:mm", System.Globalization.CultureInfo.InvariantCulture);
        var csv = "Prénom;Nom;Téléphone;E-mail;Code postal;Ville;Espèce;Date de naissance de l'animal;Formule;Consentement;Version;Date du consentement;Adresse IP;Navigateur;URL;Partenaires\r\n" +
                  $"Léa;Martin;06 44 55 66 78;lea.import@exemple.fr;20200;Bastia;Chien;01/03/2022;Intégrale avec prévention;J'accepte;v1;{consent};203.0.113.1;Mozilla;https://exemple.fr;Cabinet A\r\n" +
                  $"Paul;Durand;12345;paul.import@exemple.fr;00000;;Chat;31/02/2025;Accident;J'accepte;v1;{consent};203.0.113.1;Mozilla;https://exemple.fr;Cabinet A\r\n";
        var path = Path.Combine(Path.GetTempPath(), $"import-{Guid.NewGuid():N}.csv");
        await File.WriteAllBytesAsync(path, CsvSniffer.Windows1252.GetBytes(csv));

        var broker = await app.NewPageAsync();
        await broker.LogInAsync("watch@courtage.fr", "Passw0rd!x");
        await broker.GotoAsync("/market");
        await broker.WaitForCircuitAsync();

        var provider = await app.NewPageAsync();
        await provider.LogInAsync("import@apporteur.fr", "Passw0rd!x");
        await provider.GotoAsync("/provider/import");
        await provider.WaitForCircuitAsync();
        await provider.GetByTestId("import-product").ClickAsync();
        await provider.GetByText("Assurance animaux").First.ClickAsync();
        // The file input is enabled once the product is chosen (a file set before would be refused by the browser).
        await Assertions.Expect(provider.GetByTestId("import-file")).ToBeEnabledAsync();
        await provider.GetByTestId("import-file").SetInputFilesAsync(path);
        await provider.GetByTestId("import-mapping").WaitForAsync();
        await Assertions.Expect(provider.GetByTestId("import-file-info")).ToContainTextAsync("2 ligne(s)");
        await Assertions.Expect(provider.GetByTestId("import-file-info")).ToContainTextAsync("windows-1252");
        await Assertions.Expect(provider.GetByTestId("import-preview")).ToContainTextAsync("31/02/2025");
        await Assertions.Expect(provider.GetByTestId("import-preview")).ToContainTextAsync("00000");
        await provider.GetByTestId("import-start").ClickAsync();
        await provider.GetByTestId("import-done").WaitForAsync(new LocatorWaitForOptions { Timeout = 20_000 });
        await Assertions.Expect(provider.GetByTestId("import-counts")).ToContainTextAsync("1 acceptée(s)");
        await Assertions.Expect(provider.GetByTestId("import-counts")).ToContainTextAsync("1 invalide(s)");

        await using var db = app.CreateDbContext();
        var lead = await db.Leads.SingleAsync(l => l.Email == "lea.import@exemple.fr");
        lead.Departement.Should().Be("2B");
        await broker.Locator($"[data-lead-id='{lead.Id}']").WaitForAsync(new LocatorWaitForOptions { Timeout = 5_000 });
        (await broker.ContentAsync()).ShouldNotReveal(Contact.Of(lead), "the broker's market room");

        // Anyone holding the proof hash can check it, without an account and without seeing personal data.
        var proof = await db.ConsentRecords.Where(c => c.LeadId == lead.Id).Select(c => c.ProofHash).SingleAsync();
        var visitor = await app.NewPageAsync();
        // Records whether the loading skeleton ever shows: the prerendered check must carry over to the interactive render.
        await visitor.AddInitScriptAsync("""
            window.__skeletonSeen = false;
            new MutationObserver(() => { if (document.querySelector('.mud-skeleton')) window.__skeletonSeen = true; })
                .observe(document, { childList: true, subtree: true });
            """);
        await visitor.GotoAsync($"/verify/{proof}");
        await visitor.WaitForCircuitAsync();
        await Assertions.Expect(visitor.GetByTestId("verify-result")).ToContainTextAsync("Preuve valide");
        (await visitor.ContentAsync()).Should().Contain("Assurance animaux");
        (await visitor.ContentAsync()).ShouldNotReveal(Contact.Of(lead), "the public verification page");
        (await visitor.EvaluateAsync<bool>("window.__skeletonSeen")).Should().BeFalse();
        File.Delete(path);
    }
}
