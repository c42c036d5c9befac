using System.IO.Compression;
using System.Net;
using LeadsAssurance.Domain.Accounts;
using LeadsAssurance.Domain.Market;
using LeadsAssurance.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using UglyToad.PdfPig;

namespace LeadsAssurance.Tests.Integration;

/// <summary>The certificates ZIP of a broker with many purchases, alone (drawing PDFs is CPU-heavy).</summary>
[Collection(nameof(HeavyImports))]
[Trait("Category", "Slow")]
public class CertificateZipTests(CertificateZipFactory app) : IClassFixture<CertificateZipFactory>
{
    private const int Purchases = 200;

    [Fact]
    public async Task TheServerDrawsCertificatesOnlyAsFastAsTheClientReads()
    {
        var (brokerId, brokerKey) = await app.CreateAccountAsync("Broker", approve: true);
        await BuyAsync(brokerId, Purchases);
        var client = app.CreateApiClient(brokerKey);

        using var response = await client.GetAsync("/api/v1/purchases/certificates.zip", HttpCompletionOption.ResponseHeadersRead);
        await using var body = await response.Content.ReadAsStreamAsync();
        var received = new MemoryStream();
        var chunk = new byte[64 * 1024];
        while (received.Length < 64 * 1024 && await body.ReadAsync(chunk) is var n and > 0)
            received.Write(chunk, 0, n);
        // The client stops reading: a streaming server soon waits on its write; one that builds the archive first never does.
        var waiting = await Eventually.TrueAsync(() => app.Probe.WaitingFor(TimeProvider.System) > TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(60));
        var aheadOfTheClient = app.Probe.BytesWritten - received.Length;
        await body.CopyToAsync(received);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentLength.Should().BeNull("the archive is streamed, its length unknown when it starts");
        waiting.Should().BeTrue("the server waits for a client that stops reading");
        received.Length.Should().Be(app.Probe.BytesWritten);
        aheadOfTheClient.Should().BeLessThan(received.Length / 10,
            "while the client does not read, the server is never more than a few certificates ahead of it, never the whole archive");
        received.Position = 0;
        using var zip = new ZipArchive(received);
        zip.Entries.Should().HaveCount(Purchases + 1);
        var index = new StreamReader(zip.GetEntry("index.csv")!.Open()).ReadToEnd();
        index.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().HaveCount(Purchases + 1);
        var first = zip.Entries.First(e => e.FullName.EndsWith(".pdf", StringComparison.Ordinal));
        using var pdf = new MemoryStream();
        first.Open().CopyTo(pdf);
        using var document = PdfDocument.Open(pdf.ToArray());
        string.Join(" ", document.GetPage(1).GetWords().Select(w => w.Text)).Should().Contain("Certificat de consentement");
    }

    /// <summary>Purchases as brokers make them: a hold, then a payment from credits, at most five holds at a time.</summary>
    private async Task BuyAsync(Guid brokerId, int count)
    {
        var market = app.Services.GetRequiredService<MarketService>();
        await using var db = app.CreateDbContext();
        var provider = (await TestData.AddAccountsAsync(db, AccountRole.Provider, 1, app.Clock.GetUtcNow()))[0];
        var leads = await TestData.AddLeadsAsync(db, provider, count, app.Clock.GetUtcNow());
        await TestData.TopUpAsync(app.Services, brokerId, leads.Sum(l => l.Price));
        foreach (var batch in leads.Chunk(5))
        {
            var holds = new List<HoldResult>();
            foreach (var lead in batch)
                holds.Add(await market.ReserveAsync(lead.Id, brokerId));
            await Task.WhenAll(holds.Select(h => market.PayWithCreditsAsync(h.ReservationId, brokerId)));
        }
    }
}
