using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using LeadsAssurance.Domain.Leads;
using LeadsAssurance.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace LeadsAssurance.Tests.Integration.Disputes;

/// <summary>Evidence files of a dispute: types read from the content, size and count capped, served to the parties and admins only.</summary>
public class DisputeFileTests(MarketFactory app) : IClassFixture<MarketFactory>
{
    private readonly DisputeWorld _world = new(app);

    public static readonly byte[] Pdf = Encoding.ASCII.GetBytes("%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");
    public static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 1, 2, 3];

    /// <summary>A broker's open dispute on a lead of a provider who has an API key of his own.</summary>
    private async Task<(Guid Dispute, HttpClient Broker, HttpClient Provider)> DisputeAsync()
    {
        var (providerId, providerKey) = await app.CreateAccountAsync("Provider", approve: true);
        var (_, broker, _) = await _world.BrokerAsync();
        await using var db = app.CreateDbContext();
        var lead = (await TestData.AddLeadsAsync(db, providerId, 1, app.Clock.GetUtcNow(), "CREDIT_IMMO"))[0];
        var hold = await (await broker.PostAsync($"/api/v1/market/{lead.Id}/reserve", null)).Content.ReadFromJsonAsync<JsonElement>();
        (await broker.PostAsJsonAsync($"/api/v1/reservations/{hold.GetProperty("reservationId").GetGuid()}/pay", new { method = "credits" }))
            .EnsureSuccessStatusCode();
        return (await DisputeWorld.OpenAsync(broker, lead.Id, "WrongNumber"), broker, app.CreateApiClient(providerKey));
    }

    private static Task<HttpResponseMessage> AttachAsync(HttpClient client, Guid dispute, byte[] content, string name, string type = "application/octet-stream")
    {
        var body = new ByteArrayContent(content);
        body.Headers.ContentType = new MediaTypeHeaderValue(type);
        return client.PostAsync($"/api/v1/disputes/{dispute}/files?name={Uri.EscapeDataString(name)}", body);
    }

    private static async Task<string> FileErrorAsync(HttpResponseMessage response)
    {
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("file")[0].GetString()!;
    }

    [Fact]
    public async Task BothPartiesAttachFilesThatOnlyTheyAndTheAdminCanRead()
    {
        var (dispute, broker, provider) = await DisputeAsync();
        var (_, stranger, _) = await _world.BrokerAsync();

        var byBroker = await AttachAsync(broker, dispute, Pdf, "../../capture opérateur.pdf", "application/pdf");
        var byProvider = await AttachAsync(provider, dispute, Png, "appel.png");
        var byStranger = await AttachAsync(stranger, dispute, Pdf, "x.pdf");

        byBroker.StatusCode.Should().Be(HttpStatusCode.Created);
        byProvider.StatusCode.Should().Be(HttpStatusCode.Created);
        byStranger.StatusCode.Should().Be(HttpStatusCode.NotFound, "another broker's dispute does not exist for him");
        var file = await byBroker.Content.ReadFromJsonAsync<JsonElement>();
        file.GetProperty("fileName").GetString().Should().Be("capture opérateur.pdf", "no path survives");
        file.GetProperty("contentType").GetString().Should().Be("application/pdf");
        file.GetProperty("byBroker").GetBoolean().Should().BeTrue();
        var url = byBroker.Headers.Location!.ToString();
        foreach (var reader in new[] { broker, provider, _world.Admin })
        {
            var download = await reader.GetAsync(url);
            download.StatusCode.Should().Be(HttpStatusCode.OK);
            download.Content.Headers.ContentType!.MediaType.Should().Be("application/pdf");
            (await download.Content.ReadAsByteArrayAsync()).Should().Equal(Pdf);
        }
        (await stranger.GetAsync(url)).StatusCode.Should().Be(HttpStatusCode.NotFound);

        var listed = (await broker.GetFromJsonAsync<JsonElement>("/api/v1/disputes")).EnumerateArray().Single(d => d.GetProperty("id").GetGuid() == dispute);
        listed.GetProperty("files").EnumerateArray().Select(f => (f.GetProperty("fileName").GetString(), f.GetProperty("byBroker").GetBoolean()))
            .Should().Equal(("capture opérateur.pdf", true), ("appel.png", false));
    }

    [Fact]
    public async Task AFileIsJudgedByItsContentItsSizeAndTheDisputesStateAndCount()
    {
        var (dispute, broker, _) = await DisputeAsync();
        var max = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<LeadsAssurance.Domain.Market.MarketOptions>>().Value.DisputeFileMaxBytes;

        (await FileErrorAsync(await AttachAsync(broker, dispute, Encoding.UTF8.GetBytes("<script>alert(1)</script>"), "preuve.pdf", "application/pdf")))
            .Should().Be("Seuls les fichiers PDF, PNG et JPEG sont acceptés.");
        var tooBig = new byte[max + 1];
        Pdf.CopyTo(tooBig, 0);
        (await FileErrorAsync(await AttachAsync(broker, dispute, tooBig, "gros.pdf"))).Should().Be("Le fichier dépasse 5 Mo.");
        (await FileErrorAsync(await AttachAsync(broker, dispute, [], "vide.pdf"))).Should().Be("Le fichier est vide.");

        for (var i = 0; i < 5; i++)
            (await AttachAsync(broker, dispute, Png, $"capture-{i}.png")).StatusCode.Should().Be(HttpStatusCode.Created);
        var sixth = await AttachAsync(broker, dispute, Png, "capture-6.png");
        sixth.StatusCode.Should().Be(HttpStatusCode.Conflict);

        var (decided, broker2, _) = await DisputeAsync();
        (await _world.Admin.PostAsJsonAsync($"/api/v1/admin/disputes/{decided}/refuse", new { note = "Numéro joint : attribué." })).EnsureSuccessStatusCode();
        (await AttachAsync(broker2, decided, Pdf, "tard.pdf")).StatusCode.Should().Be(HttpStatusCode.Conflict);
    }
}
