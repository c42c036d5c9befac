using LeadsAssurance.Domain.Catalog;

namespace LeadsAssurance.Tests.Domain;

/// <summary>The schema subset an admin may save: what every generated form, import and validator supports.</summary>
public class ProductSchemaCheckTests
{
    private static string Schema(string properties, string required = "[]") =>
        $$"""{ "type": "object", "additionalProperties": false, "required": {{required}}, "properties": { {{properties}} } }""";

    [Fact]
    public void EveryShippedProductSchemaPasses()
    {
        var products = CatalogSeed.LoadDefinitions();

        products.Should().HaveCount(18);
        products.Should().AllSatisfy(p => ProductSchemaCheck.Errors(p.AttributesSchema).Should().BeEmpty(p.Code));
    }

    [Theory]
    [InlineData("""{ "type": "object", "properties": { "a": """, "Le schéma n'est pas un JSON valide (ligne 1)")]
    [InlineData("""{ "type": "array", "properties": { "a": { "type": "string", "title": "A" } } }""", "La racine doit être « \"type\": \"object\" ».")]
    [InlineData("""{ "type": "object", "properties": {} }""", "« properties » doit décrire au moins un champ.")]
    [InlineData("""{ "type": "object", "oneOf": [], "properties": { "a": { "type": "string", "title": "A" } } }""", "Mot-clé non pris en charge à la racine : « oneOf ».")]
    public void ARootOutsideTheSubsetIsRefusedInFrench(string schema, string expected) =>
        ProductSchemaCheck.Errors(schema).Should().Contain(e => e.StartsWith(expected));

    [Theory]
    [InlineData("\"revenu\": { \"type\": \"number\" }", "Champ « revenu » : « title »")]
    [InlineData("\"revenu\": { \"type\": \"money\", \"title\": \"Revenu\" }", "Champ « revenu » : « type » doit être string, integer, number ou boolean.")]
    [InlineData("\"Revenu Net\": { \"type\": \"number\", \"title\": \"Revenu\" }", "Champ « Revenu Net » : le nom s'écrit en camelCase")]
    [InlineData("\"age\": { \"type\": \"integer\", \"title\": \"Âge\", \"enum\": [1, 2] }", "Champ « age » : « enum » est une liste non vide")]
    [InlineData("\"age\": { \"type\": \"integer\", \"title\": \"Âge\", \"minimum\": 90, \"maximum\": 18 }", "Champ « age » : « minimum » (90) dépasse « maximum » (18).")]
    [InlineData("\"mail\": { \"type\": \"string\", \"title\": \"Mail\", \"format\": \"email\" }", "Champ « mail » : seul le format « date »")]
    [InlineData("\"ville\": { \"type\": \"string\", \"title\": \"Ville\", \"pattern\": \"([a-z\" }", "Champ « ville » : « pattern » n'est pas une expression régulière valide.")]
    [InlineData("\"choix\": { \"type\": \"string\", \"title\": \"Choix\", \"enum\": [\"a\", \"b\"], \"x-enumNames\": [\"A\"] }", "Champ « choix » : « x-enumNames » donne un libellé")]
    [InlineData("\"nom\": { \"type\": \"string\", \"title\": \"Nom\", \"x-minAge\": 18 }", "Champ « nom » : « x-minAge » est un entier positif, pour un champ date.")]
    [InlineData("\"nom\": { \"type\": \"string\", \"title\": \"Nom\", \"items\": {} }", "Champ « nom » : mot-clé non pris en charge « items ».")]
    public void APropertyOutsideTheSubsetIsRefusedWithItsName(string property, string expected) =>
        ProductSchemaCheck.Errors(Schema(property)).Should().Contain(e => e.StartsWith(expected));

    [Fact]
    public void RequiredNamesOnlyDescribedFields() =>
        ProductSchemaCheck.Errors(Schema("\"a\": { \"type\": \"boolean\", \"title\": \"A\" }", "[\"a\", \"b\"]"))
            .Should().Equal("« required » cite « b », qui n'est pas un champ décrit.");
}
