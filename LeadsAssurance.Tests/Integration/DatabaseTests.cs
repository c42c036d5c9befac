using LeadsAssurance.Domain.Catalog;
using LeadsAssurance.Domain.Data;
using LeadsAssurance.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace LeadsAssurance.Tests.Integration;

public class DatabaseTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>
{
    [Fact]
    public async Task MigrationsApplyToAnEmptyDatabase()
    {
        var empty = await TestPostgres.CreateDatabaseAsync(fromTemplate: false);
        await using var db = AppDbContextOptions.Create(empty);

        await db.Database.MigrateAsync();
        var seeded = await CatalogSeed.EnsureSeededAsync(db, TimeProvider.System);

        (await db.Database.GetPendingMigrationsAsync()).Should().BeEmpty();
        seeded.Should().Be(18);
        var tables = await db.Database.SqlQueryRaw<string>(
            "select table_name as \"Value\" from information_schema.tables where table_schema = 'public'").ToListAsync();
        tables.Should().Contain(["leads", "consent_records", "reservations", "purchases", "credit_ledger", "products", "api_keys", "audit_log", "AspNetUsers",
            "data_protection_keys"]);
        await db.DisposeAsync();
        await TestPostgres.DropDatabaseAsync(empty);
    }

    [Fact]
    public async Task TheLeadsTableHasAnXminRowVersionAndJsonbAttributes()
    {
        await using var db = database.CreateContext();

        var columns = await db.Database.SqlQueryRaw<string>(
            "select column_name || ':' || data_type as \"Value\" from information_schema.columns where table_name = 'leads'").ToListAsync();

        columns.Should().Contain(["attributes:jsonb", "price:numeric", "departement:character varying"]);
        var model = db.Model.FindEntityType(typeof(LeadsAssurance.Domain.Leads.Lead))!.FindProperty("Version")!;
        model.GetColumnName().Should().Be("xmin");
        model.IsConcurrencyToken.Should().BeTrue();
    }

    [Fact]
    public async Task TheCatalogueHasTheEighteenProductsWithValidSchemas()
    {
        await using var db = database.CreateContext();
        var products = await db.Products.OrderBy(p => p.SortOrder).ToListAsync();

        products.Select(p => p.Code).Should().Equal(
            "CREDIT_IMMO", "RACHAT_CREDIT", "CREDIT_CONSO", "ASSURANCE_EMPRUNTEUR", "MUTUELLE_SANTE", "MUTUELLE_SENIOR",
            "PREVOYANCE", "ASSURANCE_VIE", "PER_RETRAITE", "ASSURANCE_OBSEQUES", "ASSURANCE_DEPENDANCE", "ASSURANCE_AUTO",
            "ASSURANCE_MOTO", "ASSURANCE_HABITATION", "ASSURANCE_ANIMAUX", "RC_PRO", "MULTIRISQUE_PRO", "ASSURANCE_DECENNALE");
        foreach (var product in products)
        {
            var schema = await NJsonSchema.JsonSchema.FromJsonAsync(product.AttributesSchema);
            schema.Properties.Count.Should().BeInRange(4, 10, product.Code);
            schema.Properties.Values.Should().OnlyContain(p => !string.IsNullOrWhiteSpace(p.Title), product.Code);
            product.Price.Should().BePositive();
        }
    }

    [Fact]
    public async Task SchemasReadBackFromJsonbKeepTheirFieldOrder()
    {
        await using var db = database.CreateContext();
        var stored = await db.Products.ToDictionaryAsync(p => p.Code, p => p.AttributesSchema);

        foreach (var definition in CatalogSeed.LoadDefinitions())
        {
            var expected = System.Text.Json.Nodes.JsonNode.Parse(definition.AttributesSchema)!["properties"]!.AsObject().Select(p => p.Key);
            LeadsAssurance.Web.Components.Shared.SchemaForms.SchemaField.Parse(stored[definition.Code]).Select(f => f.Name)
                .Should().Equal(expected, definition.Code);
        }
    }
}
