using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using LeadsAssurance.Domain.Accounts;
using LeadsAssurance.Domain.Documents;
using LeadsAssurance.Domain.Market;
using LeadsAssurance.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using UglyToad.PdfPig;

namespace LeadsAssurance.Tests.Integration;

/// <summary>Consent certificates and the purchases export (API.md "Purchases"), read back with PdfPig.</summary>
public class CertificateTests(MarketFactory app) : IClassFixture<MarketFactory>
{
    private const string ConsentText = "J'accepte d'être contacté(e) par téléphone ou par e-mail par Cabinet Martin et Assurances Durand "
        + "au sujet de ma complémentaire santé. Je peux retirer mon consentement à tout moment : « STOP » par SMS, ou à dpo@exemple.fr.";

    /// <summary>A provider posts a lead through the API, a broker reserves and pays it; returns the lead and both clients.</summary>
    private Task<(Guid LeadId, string ProofHash, HttpClient Broker, Guid BrokerId, Contact Contact)> BoughtLeadAsync(string lastName = "Lefèvre-Çağlar") =>
        BoughtLeadAsync(app, lastName);

    private static async Task<(Guid LeadId, string ProofHash, HttpClient Broker, Guid BrokerId, Contact Contact)> BoughtLeadAsync(MarketFactory app, string lastName)
    {
        var (_, providerKey) = await app.CreateAccountAsync("Provider", approve: true);
        var (brokerId, brokerKey) = await app.CreateAccountAsync("Broker", approve: true);
        var provider = app.CreateApiClient(providerKey);
        var broker = app.CreateApiClient(brokerKey);
        // 061x xx xx xx: a French mobile range (some 06 numbers, such as 0639… or 0690…, belong to no French mobile plan).
        var n = Random.Shared.Next(10_000_000, 20_000_000);
        var posted = await provider.PostAsJsonAsync("/api/v1/leads", new
        {
            productCode = "MUTUELLE_SANTE", firstName = "Éloïse", lastName, phone = $"06{n}", email = $"eloise.{n}@exemple.fr",
            zipCode = "20200", city = "Bastia",
            attributes = new { regime = "general", composition = "couple", dateNaissance = "1980-05-17", niveau = "confort" },
            consent = new
            {
                text = ConsentText, textVersion = "v3.2", capturedAt = new DateTimeOffset(2026, 11, 24, 7, 30, 15, TimeSpan.Zero),
                ipAddress = "203.0.113.7", userAgent = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/131.0",
                sourceUrl = "https://comparateur.exemple.fr/mutuelle?utm_source=certif", partners = new[] { "Cabinet Martin", "Assurances Durand" },
            },
        });
        posted.StatusCode.Should().Be(HttpStatusCode.Created);
        var created = await posted.Content.ReadFromJsonAsync<JsonElement>();
        var leadId = created.GetProperty("id").GetGuid();
        await TestData.TopUpAsync(app.Services, brokerId, 100m);
        var hold = await (await broker.PostAsync($"/api/v1/market/{leadId}/reserve", null)).Content.ReadFromJsonAsync<JsonElement>();
        (await broker.PostAsJsonAsync($"/api/v1/reservations/{hold.GetProperty("reservationId").GetGuid()}/pay", new { method = "credits" }))
            .StatusCode.Should().Be(HttpStatusCode.OK);
        return (leadId, created.GetProperty("proofHash").GetString()!, broker, brokerId, new Contact("Éloïse", lastName, $"06{n}", $"eloise.{n}@exemple.fr"));
    }

    private static string Squash(string text) => new([.. text.Where(c => !char.IsWhiteSpace(c) && c != '\u202F')]);

    private static string Text(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        return string.Join("\n", document.GetPages().Select(p => string.Join(" ", p.GetWords().Select(w => w.Text))));
    }

    [Fact]
    public async Task TheCertificateStatesEveryFieldAsExtractableTextOnOnePageUnder100KB()
    {
        var (leadId, proofHash, broker, _, _) = await BoughtLeadAsync();

        var response = await broker.GetAsync($"/api/v1/purchases/{leadId}/certificate.pdf");
        var pdf = await response.Content.ReadAsByteArrayAsync();

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/pdf");
        response.Content.Headers.ContentDisposition!.ToString().Should().Contain($"certificat-consentement-{leadId}.pdf");
        pdf.Length.Should().BeLessThan(100 * 1024);
        PdfText.Pages(pdf).Should().Be(1);
        if (Environment.GetEnvironmentVariable("CERTIFICATE_SAMPLE") is { Length: > 0 } sample) await File.WriteAllBytesAsync(sample, pdf);
        await using var db = app.CreateDbContext();
        var consent = await db.ConsentRecords.SingleAsync(c => c.LeadId == leadId);
        var purchase = await db.Purchases.Include(p => p.Lead).SingleAsync(p => p.LeadId == leadId);
        var provider = await db.Users.SingleAsync(u => u.Id == purchase.Lead.ProviderId);
        var buyer = await db.Users.SingleAsync(u => u.Id == purchase.BrokerId);
        // Compared without any kind of space: a word break in the PDF and a (narrow) no-break space are all the same here.
        var words = Squash(Text(pdf));
        foreach (var expected in new[]
        {
            "Certificat de consentement", "Éloïse Lefèvre-Çağlar", "06 " + purchase.Lead.Phone[4..6], purchase.Lead.Email, "20200 Bastia", "2B",
            "Mutuelle", "MUTUELLE_SANTE", provider.CompanyName, "732 829 320",
            "v3.2", "Cabinet Martin, Assurances Durand", "24/11/2026 07:30:15 UTC", "24/11/2026 08:30:15", "203.0.113.7",
            "AppleWebKit/537.36", "https://comparateur.exemple.fr/mutuelle?utm_source=certif",
            proofHash, consent.PreviousHash, $"n° {consent.ChainPosition}", buyer.CompanyName, "ORIAS 12345678",
            purchase.Price.ToString("C", LeadsAssurance.Domain.France.Culture),
            "Comment vérifier", $"/verify/{proofHash}", "« STOP »", "dpo@exemple.fr", "complémentaire santé",
        })
        {
            words.Should().Contain(Squash(expected), "the certificate states {0}", expected);
        }
        words.Should().Contain(Squash(ConsentText), "the consent text is reproduced word for word");
        foreach (var text in new[] { PdfText.PdfPig(pdf), await PdfText.PopplerAsync(pdf) })
        {
            text.Should().Contain("Éloïse Lefèvre-Çağlar").And.Contain(PdfText.Collapse(ConsentText)).And.Contain(proofHash)
                .And.Contain("Mutuelle santé (MUTUELLE_SANTE)").And.Contain("Personne concernée").And.Contain("consentement");
        }
    }

    [Fact]
    public async Task AnotherBrokerGets404AndAnAdminsAuditAccessIsLogged()
    {
        var (leadId, proofHash, _, _, contact) = await BoughtLeadAsync();
        var (_, otherKey) = await app.CreateAccountAsync("Broker", approve: true);
        var (_, providerKey) = await app.CreateAccountAsync("Provider", approve: true);

        var other = await app.CreateApiClient(otherKey).GetAsync($"/api/v1/purchases/{leadId}/certificate.pdf");
        var provider = await app.CreateApiClient(providerKey).GetAsync($"/api/v1/purchases/{leadId}/certificate.pdf");
        var anonymous = await app.CreateApiClient(null).GetAsync($"/api/v1/purchases/{leadId}/certificate.pdf");
        var admin = await app.CreateApiClient(AppFactory.AdminApiKey).GetAsync($"/api/v1/purchases/{leadId}/certificate.pdf");

        other.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await other.Content.ReadAsStringAsync()).ShouldNotReveal(contact, "another broker's 404");
        provider.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        anonymous.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        admin.StatusCode.Should().Be(HttpStatusCode.OK);
        Text(await admin.Content.ReadAsByteArrayAsync()).Should().Contain(proofHash);
        await using var db = app.CreateDbContext();
        var audit = await db.AuditLog.Where(a => a.Subject == $"lead:{leadId}").ToListAsync();
        audit.Should().ContainSingle(a => a.Action == "certificate.audit-access");
    }

    [Fact]
    public async Task ThePurchasesCsvIsForExcelAndNeutralisesFormulas()
    {
        // Data that predates today's validation (or comes from an attribute): a formula in a name must stay inert. Such
        // a lead cannot be posted any more, so it is written as older data was, then bought as any lead is.
        var (_, brokerKey) = await app.CreateAccountAsync("Broker", approve: true);
        var broker = app.CreateApiClient(brokerKey);
        var brokerId = (await broker.GetFromJsonAsync<JsonElement>("/api/v1/me")).GetProperty("id").GetGuid();
        await TestData.TopUpAsync(app.Services, brokerId, 100m);
        await using var db = app.CreateDbContext();
        var provider = (await TestData.AddAccountsAsync(db, AccountRole.Provider, 1, app.Clock.GetUtcNow()))[0];
        var lead = (await TestData.AddLeadsAsync(db, provider, 1, app.Clock.GetUtcNow(), "MUTUELLE_SANTE",
            contact: new LeadsAssurance.Domain.Leads.LeadContact("=HYPERLINK(\"http://evil\";\"x\")", "Dupont", "+33761234567", "old.data@exemple.fr", "69003", "@SUM(1;2)")))[0];
        var leadId = lead.Id;
        var proofHash = await db.ConsentRecords.Where(c => c.LeadId == leadId).Select(c => c.ProofHash).SingleAsync();
        var hold = await (await broker.PostAsync($"/api/v1/market/{leadId}/reserve", null)).Content.ReadFromJsonAsync<JsonElement>();
        (await broker.PostAsJsonAsync($"/api/v1/reservations/{hold.GetProperty("reservationId").GetGuid()}/pay", new { method = "credits" })).EnsureSuccessStatusCode();

        var response = await broker.GetAsync("/api/v1/purchases.csv");
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var csv = Encoding.UTF8.GetString(bytes.AsSpan(3));
        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length > 1
            ? csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries) : csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/csv");
        bytes.Take(3).Should().Equal(0xEF, 0xBB, 0xBF);
        lines.Should().HaveCount(2);
        lines[0].Should().Be("Acheté le;Prix (€);Produit;Libellé produit;Prénom;Nom;Téléphone;E-mail;Code postal;Commune;Département;Apporteur;"
            + "Consentement recueilli le;Empreinte SHA-256;Vérification;Réponses au questionnaire;Lead;Téléphone (E.164);Flux;Flux (id);Contact effacé (RGPD) le",
            "clients read the columns by position: a new one goes at the end");
        var row = lines[1];
        row.Should().Contain(";\"'=HYPERLINK(\"\"http://evil\"\";\"\"x\"\")\";").And.Contain(";\"'@SUM(1;2)\";");
        row.Should().Contain(";07 61 23 45 67;", "the phone stays readable, in its national format");
        row.Should().EndWith(";'+33761234567;;;", "the stored E.164 number, inert in a spreadsheet, then the flow's columns (empty: bought in the market) and no erasure");
        var regime = JsonDocument.Parse(lead.Attributes).RootElement.GetProperty("regime").GetString();
        row.Should().Contain(proofHash).And.Contain($"/verify/{proofHash}").And.Contain($"regime: {regime}");
        foreach (var cell in row.Split(';'))
            cell.TrimStart('"').Should().NotMatchRegex("^[=+@\t\r]").And.NotMatchRegex("^-[^0-9]");
        var other = await app.CreateApiClient((await app.CreateAccountAsync("Broker", approve: true)).ApiKey).GetStringAsync("/api/v1/purchases.csv");
        other.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().HaveCount(1, "another broker's export holds only the header");
    }

    [Theory]
    [InlineData("=1+1", "'=1+1")]
    [InlineData("+33612345678", "'+33612345678")]
    [InlineData("-2+3", "'-2+3")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\t=cmd", "'\t=cmd")]
    [InlineData(" =1+1", "' =1+1")]
    [InlineData("a;b", "\"a;b\"")]
    [InlineData("dit \"bonjour\"", "\"dit \"\"bonjour\"\"\"")]
    [InlineData("06 12 34 56 78", "06 12 34 56 78")]
    [InlineData("Saint-Étienne", "Saint-Étienne")]
    public void SpreadsheetCellsNeverRunAsFormulas(string value, string expected) =>
        SpreadsheetCsv.Cell(value).Should().Be(expected);

    [Fact]
    public async Task TheZipRangeTakesParisDays()
    {
        // Buys at three chosen instants: an app whose clock starts on the evening of the 22nd.
        await using var own = await AppFactory.StartAsync(new MarketFactory { Clock = new(new DateTimeOffset(2026, 11, 22, 22, 0, 0, TimeSpan.Zero)) });
        var (brokerId, brokerKey) = await own.CreateAccountAsync("Broker", approve: true);
        var client = own.CreateApiClient(brokerKey);
        await TestData.TopUpAsync(own.Services, brokerId, 500m);
        await using var db = own.CreateDbContext();
        var provider = (await TestData.AddAccountsAsync(db, AccountRole.Provider, 1, own.Clock.GetUtcNow()))[0];
        var leads = await TestData.AddLeadsAsync(db, provider, 3, own.Clock.GetUtcNow());
        // 22/11 23:30 Paris is 22:30 UTC; 23/11 00:30 Paris is 23:30 UTC on the 22nd.
        DateTimeOffset[] at = [new(2026, 11, 22, 22, 30, 0, TimeSpan.Zero), new(2026, 11, 22, 23, 30, 0, TimeSpan.Zero), new(2026, 11, 24, 8, 0, 0, TimeSpan.Zero)];
        for (var i = 0; i < 3; i++)
        {
            own.Clock.SetUtcNow(at[i]);
            var hold = await (await client.PostAsync($"/api/v1/market/{leads[i].Id}/reserve", null)).Content.ReadFromJsonAsync<JsonElement>();
            (await client.PostAsJsonAsync($"/api/v1/reservations/{hold.GetProperty("reservationId").GetGuid()}/pay", new { method = "credits" })).EnsureSuccessStatusCode();
        }

        var all = await EntriesAsync(client, "/api/v1/purchases/certificates.zip");
        var day23 = await EntriesAsync(client, "/api/v1/purchases/certificates.zip?from=2026-11-23&to=2026-11-23");
        var bad = await client.GetAsync("/api/v1/purchases/certificates.zip?from=23/11/2026&to=2026-11-01");

        all.Should().HaveCount(4).And.Contain("index.csv");
        day23.Should().BeEquivalentTo($"certificat-consentement-{leads[1].Id}.pdf", "index.csv");
        bad.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("from", out _).Should().BeTrue();
    }

    private static async Task<List<string>> EntriesAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        using var zip = new ZipArchive(new MemoryStream(await response.Content.ReadAsByteArrayAsync()));
        return [.. zip.Entries.Select(e => e.FullName)];
    }
}
