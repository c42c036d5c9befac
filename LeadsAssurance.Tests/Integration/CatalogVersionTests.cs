using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LeadsAssurance.Domain;
using LeadsAssurance.Domain.Catalog;
using LeadsAssurance.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace LeadsAssurance.Tests.Integration;

/// <summary>The catalogue is data: a 19th product without a migration, schemas versioned so accepted leads never break, every node up to date.</summary>
public class CatalogVersionTests(MarketFactory app) : IClassFixture<MarketFactory>
{
    private CatalogService Catalog => app.Services.GetRequiredService<CatalogService>();

    private const string DogSchema = """
        { "type": "object", "additionalProperties": false, "required": ["race"],
          "properties": {
            "race": { "type": "string", "title": "Race", "enum": ["berger", "caniche"], "x-enumNames": ["Berger", "Caniche"], "x-market": true, "x-order": 1 },
            "age": { "type": "integer", "title": "Âge du chien", "minimum": 0, "maximum": 25, "x-order": 2 } } }
        """;

    private static string WithVaccine(string schema) => schema
        .Replace("\"required\": [\"race\"]", "\"required\": [\"race\", \"vaccine\"]")
        .Replace("\"x-order\": 2 } } }", "\"x-order\": 2 }, \"vaccine\": { \"type\": \"boolean\", \"title\": \"Vacciné\", \"x-order\": 3 } } }");

    private async Task<HttpResponseMessage> PostDogLeadAsync(HttpClient provider, string code, object attributes) =>
        await provider.PostAsJsonAsync("/api/v1/leads", LeadRequests.Lead(app.Clock.GetUtcNow(), product: code, attributes: attributes));

    [Fact]
    public async Task ANineteenthProductSellsAtOnceAndASchemaChangeNeverInvalidatesAcceptedLeads()
    {
        var admin = Guid.NewGuid();
        var code = "ASSURANCE_CHIEN_" + Random.Shared.Next(1000, 9999);
        var (_, providerKey) = await app.CreateAccountAsync("Provider", approve: true);
        var provider = app.CreateApiClient(providerKey);

        var created = await Catalog.CreateAsync(new NewProduct(code.ToLowerInvariant(), "Assurance chien", "Animaux", 24m, 2, true, DogSchema), admin);
        created.Code.Should().Be(code);
        created.SchemaVersion.Should().Be(1);
        var first = await PostDogLeadAsync(provider, code, new { race = "berger", age = 4 });
        first.StatusCode.Should().Be(HttpStatusCode.Created, await first.Content.ReadAsStringAsync());
        var firstId = (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        var changed = await Catalog.ChangeSchemaAsync(code, WithVaccine(DogSchema), admin);

        changed.SchemaVersion.Should().Be(2);
        var missing = await PostDogLeadAsync(provider, code, new { race = "caniche" });
        missing.StatusCode.Should().Be(HttpStatusCode.BadRequest, "the new version requires the vaccine field, at once");
        (await missing.Content.ReadAsStringAsync()).Should().Contain("attributes.vaccine");
        var second = await PostDogLeadAsync(provider, code, new { race = "caniche", vaccine = true });
        second.StatusCode.Should().Be(HttpStatusCode.Created);
        var secondId = (await second.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        await using var db = app.CreateDbContext();
        (await db.Leads.SingleAsync(l => l.Id == firstId)).SchemaVersion.Should().Be(1, "an accepted lead keeps the version it was validated against");
        (await db.Leads.SingleAsync(l => l.Id == secondId)).SchemaVersion.Should().Be(2);
        (await Catalog.SchemaAsync(code, 1)).Should().NotContain("vaccine");
        var versions = await Catalog.VersionsAsync(code);
        versions.Select(v => (v.Version, v.Leads)).Should().Equal((2, 1), (1, 1));
        (await db.AuditLog.CountAsync(a => a.Subject == $"product:{code}" && (a.Action == "product.created" || a.Action == "product.schema.changed"))).Should().Be(2);

        // The market still shows the first lead, masked with today's schema ("race" is x-market in both versions).
        var (_, brokerKey) = await app.CreateAccountAsync("Broker", approve: true);
        var market = await app.CreateApiClient(brokerKey).GetFromJsonAsync<JsonElement>($"/api/v1/market?product={code}");
        market.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()).Should().Contain([firstId, secondId]);
    }

    [Fact]
    public async Task ASchemaOutsideTheSubsetAnUnchangedOneOrAnExistingCodeIsRefusedAndVersionsCannotBeRewritten()
    {
        var admin = Guid.NewGuid();
        var bad = () => Catalog.ChangeSchemaAsync("MUTUELLE_SANTE", """{ "type": "object", "properties": { "x": { "type": "string" } } }""", admin);
        (await bad.Should().ThrowAsync<ValidationFailedException>()).Which.Errors["schema"].Should().ContainSingle().Which.Should().Contain("« title »");

        var current = (await Catalog.GetAsync("MUTUELLE_SANTE"))!;
        var same = () => Catalog.ChangeSchemaAsync("MUTUELLE_SANTE", current.AttributesSchema, admin);
        await same.Should().ThrowAsync<ConflictException>();

        var existing = () => Catalog.CreateAsync(new NewProduct("MUTUELLE_SANTE", "Doublon", "Santé", 20m, 1, true, DogSchema), admin);
        (await existing.Should().ThrowAsync<ConflictException>()).Which.Message.Should().Be("Le produit « MUTUELLE_SANTE » existe déjà.");
        var invalid = () => Catalog.CreateAsync(new NewProduct("x", "", null, 0m, 1, true, "{"), admin);
        (await invalid.Should().ThrowAsync<ValidationFailedException>()).Which.Errors.Keys.Should().BeEquivalentTo("code", "label", "category", "schema", "price");

        await using var db = app.CreateDbContext();
        var rewrite = () => db.Database.ExecuteSqlRawAsync("update product_schema_versions set version = 99 where product_code = 'MUTUELLE_SANTE'");
        (await rewrite.Should().ThrowAsync<PostgresException>()).Which.MessageText.Should().Contain("append-only");
    }

    [Fact]
    public async Task AnotherNodeUsesTheNewSchemaWithoutARestart()
    {
        await using var second = await SecondNodeFactory.StartAsync(app);
        var secondCatalog = second.Services.GetRequiredService<CatalogService>();
        var before = (await secondCatalog.ListAsync()).Single(p => p.Code == "RC_PRO");

        var schema = System.Text.Json.Nodes.JsonNode.Parse(before.AttributesSchema)!;
        var field = schema["properties"]!.AsObject().First().Value!;
        field["title"] = field["title"]!.GetValue<string>() + " (v2)";
        var saved = await Catalog.ChangeSchemaAsync("RC_PRO", schema.ToJsonString(), Guid.NewGuid());

        // Within 10 s, well before the catalogue cache's 30 s expiry: the change is announced to every node.
        (await Eventually.TrueAsync(async () => (await secondCatalog.ListAsync()).Single(p => p.Code == "RC_PRO").SchemaVersion == saved.SchemaVersion))
            .Should().BeTrue("the second node drops its cached catalogue when the first announces the change");
    }
}
