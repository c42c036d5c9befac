using System.Net;
using System.Net.Http.Json;
using System.Text;
using LeadsAssurance.Domain.Ingestion;
using LeadsAssurance.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace LeadsAssurance.Tests.Integration;

/// <summary>The files the import page links to: a product's CSV template and an import's error report, the provider's own only.</summary>
public class ImportDownloadTests(MarketFactory app) : IClassFixture<MarketFactory>
{
    [Fact]
    public async Task AProviderDownloadsHisImportsErrorReportAndAnotherProviderGets404()
    {
        var imports = app.Services.GetRequiredService<LeadImports>();
        var (providerId, id, _) = await MutuelleCsv.CreateImportAsync(app, imports, [MutuelleCsv.Row(), MutuelleCsv.Row(zip: "00000")]);
        (await imports.RunAsync(id)).Should().BeTrue();
        var created = await app.CreateApiClient(AppFactory.AdminApiKey).PostAsync($"/api/v1/admin/accounts/{providerId}/api-keys", null);
        var key = (await created.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("key").GetString();
        var (_, otherKey) = await app.CreateAccountAsync("Provider", approve: true);
        var (_, brokerKey) = await app.CreateAccountAsync("Broker", approve: true);

        var own = await app.CreateApiClient(key).GetAsync($"/provider/imports/{id}/errors.csv");
        var other = await app.CreateApiClient(otherKey).GetAsync($"/provider/imports/{id}/errors.csv");
        var broker = await app.CreateApiClient(brokerKey).GetAsync($"/provider/imports/{id}/errors.csv");

        own.StatusCode.Should().Be(HttpStatusCode.OK);
        own.Content.Headers.ContentType!.MediaType.Should().Be("text/csv");
        var report = Encoding.UTF8.GetString(await own.Content.ReadAsByteArrayAsync());
        report.Should().StartWith("\uFEFFLigne;Champ;Message").And.Contain("3;Code postal;Le code postal 00000 n'existe pas.");
        other.StatusCode.Should().Be(HttpStatusCode.NotFound, "another provider's import is not his to see");
        (await other.Content.ReadAsStringAsync()).Should().NotContain("00000");
        broker.StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task AProviderDownloadsAProductsTemplateThatTheImportMatchesWholly()
    {
        var (_, key) = await app.CreateAccountAsync("Provider", approve: true);

        var response = await app.CreateApiClient(key).GetAsync("/provider/imports/template/MUTUELLE_SANTE.csv");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentDisposition!.FileName.Should().Contain("modele-mutuelle_sante.csv");
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var upload = await app.Services.GetRequiredService<LeadImports>().UploadAsync(new MemoryStream(bytes), "modele.csv");
        var targets = await app.Services.GetRequiredService<LeadImports>().TargetsAsync("MUTUELLE_SANTE");
        LeadsAssurance.Domain.Ingestion.Csv.ImportTargets.Missing(LeadsAssurance.Domain.Ingestion.Csv.ImportTargets.Suggest(upload.Headers, targets), targets)
            .Should().BeEmpty("every required field of the template is recognised");
        (await app.CreateApiClient(key).GetAsync("/provider/imports/template/INCONNU.csv")).StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }
}
