using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using LeadsAssurance.Domain.Audit;
using LeadsAssurance.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace LeadsAssurance.Tests.Integration;

/// <summary>
/// The contacts' access trail (issue 14, item 6): every path that shows a bought contact leaves a line saying who, when
/// and how, before it shows it; the admin reads and exports it per lead and per broker; nobody can rewrite it.
/// </summary>
public class ContactAccessTrailTests(MarketFactory app) : IClassFixture<MarketFactory>
{
    private async Task<Guid> PostLeadAsync(HttpClient provider, string zip = "20200", string city = "Bastia")
    {
        var n = Random.Shared.Next(10_000_000, 20_000_000);
        var posted = await provider.PostAsJsonAsync("/api/v1/leads", new
        {
            productCode = "MUTUELLE_SANTE", firstName = "Éloïse", lastName = "Trail", phone = $"06{n}", email = $"trail.{n}@exemple.fr",
            zipCode = zip, city,
            attributes = new { regime = "general", composition = "couple", dateNaissance = "1980-05-17", niveau = "confort" },
            consent = new
            {
                text = "J'accepte d'être contacté(e) par Cabinet Martin.", textVersion = "v1", capturedAt = app.Clock.GetUtcNow().AddHours(-1),
                ipAddress = "203.0.113.7", userAgent = "Mozilla/5.0", sourceUrl = "https://comparateur.exemple.fr/mutuelle", partners = new[] { "Cabinet Martin" },
            },
        });
        posted.StatusCode.Should().Be(HttpStatusCode.Created, await posted.Content.ReadAsStringAsync());
        return (await posted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    private static async Task BuyAsync(HttpClient broker, Guid leadId)
    {
        var hold = await (await broker.PostAsync($"/api/v1/market/{leadId}/reserve", null)).Content.ReadFromJsonAsync<JsonElement>();
        (await broker.PostAsJsonAsync($"/api/v1/reservations/{hold.GetProperty("reservationId").GetGuid()}/pay", new { method = "credits" }))
            .StatusCode.Should().Be(HttpStatusCode.OK);
    }

    private async Task<List<ContactReveal>> TrailAsync(Guid leadId)
    {
        await using var db = app.CreateDbContext();
        return await db.ContactReveals.Where(r => r.LeadIds.Contains(leadId)).OrderBy(r => r.Id).ToListAsync();
    }

    [Fact]
    public async Task EachPathThatShowsABoughtContactRecordsWhoWhenAndHow()
    {
        var (_, providerKey) = await app.CreateAccountAsync("Provider", approve: true);
        var (brokerId, brokerKey) = await app.CreateAccountAsync("Broker", approve: true);
        var provider = app.CreateApiClient(providerKey);
        var broker = app.CreateApiClient(brokerKey);
        await TestData.TopUpAsync(app.Services, brokerId, 100m);
        var leadId = await PostLeadAsync(provider);
        (await TrailAsync(leadId)).Should().BeEmpty("nobody has seen the contact of a lead on sale");

        await BuyAsync(broker, leadId);
        (await broker.GetAsync("/api/v1/purchases")).EnsureSuccessStatusCode();
        (await broker.GetAsync("/api/v1/purchases.csv")).EnsureSuccessStatusCode();
        (await broker.GetAsync($"/api/v1/purchases/{leadId}/certificate.pdf")).EnsureSuccessStatusCode();
        (await broker.GetAsync("/api/v1/purchases/certificates.zip")).EnsureSuccessStatusCode();
        var admin = app.CreateApiClient(AppFactory.AdminApiKey);
        (await admin.GetAsync($"/api/v1/purchases/{leadId}/certificate.pdf")).EnsureSuccessStatusCode();

        var trail = await TrailAsync(leadId);
        trail.Select(r => r.Channel).Should().Equal(RevealChannel.Purchase, RevealChannel.PurchasesApi, RevealChannel.CsvExport,
            RevealChannel.Certificate, RevealChannel.CertificateZip, RevealChannel.Certificate);
        trail.Take(5).Should().OnlyContain(r => r.ActorId == brokerId && r.BrokerId == brokerId);
        var adminId = (await admin.GetFromJsonAsync<JsonElement>("/api/v1/me")).GetProperty("id").GetGuid();
        trail[^1].ActorId.Should().Be(adminId);
        trail[^1].BrokerId.Should().BeNull("an admin reads a certificate as an auditor, not as a buyer");
        trail[^1].Detail.Should().Be("consultation administrateur");
        trail.Should().OnlyContain(r => r.At == app.Clock.GetUtcNow(), "the trail's time comes from the app's clock");
    }

    [Fact]
    public async Task AnExportRecordsEveryLeadItShowsAndNoOther()
    {
        var (_, providerKey) = await app.CreateAccountAsync("Provider", approve: true);
        var (brokerId, brokerKey) = await app.CreateAccountAsync("Broker", approve: true);
        var (otherId, otherKey) = await app.CreateAccountAsync("Broker", approve: true);
        var provider = app.CreateApiClient(providerKey);
        var broker = app.CreateApiClient(brokerKey);
        await TestData.TopUpAsync(app.Services, brokerId, 100m);
        await TestData.TopUpAsync(app.Services, otherId, 100m);
        var mine = new[] { await PostLeadAsync(provider), await PostLeadAsync(provider), await PostLeadAsync(provider) };
        foreach (var lead in mine)
            await BuyAsync(broker, lead);
        var theirs = await PostLeadAsync(provider);
        await BuyAsync(app.CreateApiClient(otherKey), theirs);

        var csv = await broker.GetStringAsync("/api/v1/purchases.csv");

        await using var db = app.CreateDbContext();
        var export = await db.ContactReveals.Where(r => r.BrokerId == brokerId && r.Channel == RevealChannel.CsvExport).SingleAsync();
        export.LeadIds.Should().BeEquivalentTo(mine);
        export.Detail.Should().Be("purchases.csv");
        foreach (var lead in mine)
            csv.Should().Contain(lead.ToString());
        csv.Should().NotContain(theirs.ToString());
    }

    [Fact]
    public async Task AFlowDeliveryIsRecordedForTheBrokerWhoseFlowBoughtIt()
    {
        var (_, providerKey) = await app.CreateAccountAsync("Provider", approve: true);
        var (brokerId, brokerKey) = await app.CreateAccountAsync("Broker", approve: true);
        var broker = app.CreateApiClient(brokerKey);
        await TestData.TopUpAsync(app.Services, brokerId, 100m);
        (await broker.PostAsJsonAsync("/api/v1/flows", new
        {
            name = "Trail Hautes-Alpes", productCodes = new[] { "MUTUELLE_SANTE" }, departements = new[] { "05" }, priority = 5,
        })).StatusCode.Should().Be(HttpStatusCode.Created);

        var leadId = await PostLeadAsync(app.CreateApiClient(providerKey), "05000", "Gap");

        var trail = await TrailAsync(leadId);
        trail.Should().ContainSingle().Which.Should().Match<ContactReveal>(r =>
            r.Channel == RevealChannel.FlowDelivery && r.BrokerId == brokerId && r.ActorId == brokerId);
    }

    [Fact]
    public async Task TheAdminReadsAndExportsTheTrailByLeadAndByBrokerAndNobodyElseDoes()
    {
        var (_, providerKey) = await app.CreateAccountAsync("Provider", approve: true);
        var (brokerId, brokerKey) = await app.CreateAccountAsync("Broker", approve: true);
        var broker = app.CreateApiClient(brokerKey);
        await TestData.TopUpAsync(app.Services, brokerId, 100m);
        var leadId = await PostLeadAsync(app.CreateApiClient(providerKey));
        await BuyAsync(broker, leadId);
        (await broker.GetAsync("/api/v1/purchases")).EnsureSuccessStatusCode();

        var trail = app.Services.GetRequiredService<ContactAccessTrail>();
        var (byLead, total) = await trail.PageAsync(new RevealFilter(LeadId: leadId), 1, 50);
        total.Should().Be(2);
        byLead.Select(r => r.Channel).Should().Equal(RevealChannel.PurchasesApi, RevealChannel.Purchase);
        byLead.Should().OnlyContain(r => r.BrokerCompany == "Broker Test SAS" && r.ActorEmail != null);
        (await trail.PageAsync(new RevealFilter(BrokerId: brokerId), 1, 50)).Total.Should().Be(2);
        (await trail.PageAsync(new RevealFilter(BrokerId: Guid.NewGuid()), 1, 50)).Total.Should().Be(0);

        var cookie = await app.CreateCookieClientAsync(AppFactory.AdminEmail, AppFactory.AdminPassword);
        var response = await cookie.GetAsync($"/admin/access-trail.csv?leadId={leadId}");
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var lines = Encoding.UTF8.GetString((await response.Content.ReadAsByteArrayAsync()).AsSpan(3)).Split(["\r\n", "\n"], StringSplitOptions.RemoveEmptyEntries);
        lines[0].Should().Be("Date (Paris);Compte;Compte (id);Courtier;Courtier (id);Canal;Lead;Détail;Entrée");
        lines.Skip(1).Should().HaveCount(2).And.OnlyContain(l => l.Contains(leadId.ToString()) && l.Contains(brokerId.ToString()));
        lines[1].Should().Contain(";API (achats);");
        lines[2].Should().Contain(";Achat;");

        string brokerEmail;
        await using (var db = app.CreateDbContext())
            brokerEmail = (await db.Users.SingleAsync(u => u.Id == brokerId)).Email!;
        var brokerCookie = await app.CreateCookieClientAsync(brokerEmail, "Passw0rd!x");
        (await brokerCookie.GetAsync($"/admin/access-trail.csv?leadId={leadId}")).StatusCode.Should().BeOneOf(HttpStatusCode.Forbidden, HttpStatusCode.Redirect);
        (await broker.GetAsync($"/admin/access-trail.csv?leadId={leadId}")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task TheDatabaseRefusesToRewriteOrEraseTheTrail()
    {
        var (_, providerKey) = await app.CreateAccountAsync("Provider", approve: true);
        var (brokerId, brokerKey) = await app.CreateAccountAsync("Broker", approve: true);
        await TestData.TopUpAsync(app.Services, brokerId, 100m);
        var leadId = await PostLeadAsync(app.CreateApiClient(providerKey));
        await BuyAsync(app.CreateApiClient(brokerKey), leadId);

        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        foreach (var sql in new[] { "update contact_reveals set actor_id = gen_random_uuid()", "delete from contact_reveals", "truncate contact_reveals" })
        {
            var change = async () => { await using var command = new NpgsqlCommand(sql, connection); await command.ExecuteNonQueryAsync(); };
            (await change.Should().ThrowAsync<PostgresException>()).Which.SqlState.Should().Be(PostgresErrorCodes.RestrictViolation);
        }
        (await TrailAsync(leadId)).Should().ContainSingle();
    }
}
