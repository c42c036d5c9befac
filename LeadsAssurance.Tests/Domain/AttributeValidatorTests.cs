using LeadsAssurance.Domain.Catalog;
using Microsoft.Extensions.Time.Testing;

namespace LeadsAssurance.Tests.Domain;

public class AttributeValidatorTests
{
    private const string Schema = """
        {
          "type": "object", "additionalProperties": false, "required": ["montant", "regime", "dateNaissance"],
          "properties": {
            "montant": { "type": "number", "title": "Montant du projet (€)", "minimum": 10000, "maximum": 2000000 },
            "regime": { "type": "string", "title": "Régime", "enum": ["salarie", "tns"], "x-enumNames": ["Salarié", "TNS"] },
            "dateNaissance": { "type": "string", "format": "date", "title": "Date de naissance", "x-minAge": 18, "x-maxAge": 85 },
            "enfants": { "type": "integer", "title": "Nombre d'enfants", "minimum": 0, "maximum": 10 },
            "siret": { "type": "string", "title": "SIRET", "pattern": "^[0-9]{14}$", "x-patternMessage": "Le SIRET compte 14 chiffres." }
          }
        }
        """;

    private static readonly System.Globalization.CultureInfo French = System.Globalization.CultureInfo.GetCultureInfo("fr-FR");
    private readonly AttributeValidator _validator = new(new FakeTimeProvider(new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero)));

    [Fact]
    public async Task AValidDocumentHasNoErrors()
    {
        var errors = await _validator.ValidateAsync(Schema, """{"montant": 250000, "regime": "tns", "dateNaissance": "1980-05-17", "enfants": 2}""");

        errors.Should().BeEmpty();
    }

    [Fact]
    public async Task EachBrokenRuleGetsAFrenchMessageOnItsField()
    {
        var errors = await _validator.ValidateAsync(Schema,
            """{"montant": 500, "regime": "etudiant", "dateNaissance": "2012-01-01", "enfants": 1.5, "siret": "123", "couleur": "bleu"}""");

        errors["montant"].Should().Contain($"« Montant du projet (€) » doit être au moins {10000.ToString("#,##0", French)}.");
        errors["regime"].Should().Contain("« Régime » : valeur non autorisée.");
        errors["dateNaissance"].Should().Contain("L'âge minimum est de 18 ans.");
        errors["enfants"].Should().Contain("« Nombre d'enfants » doit être un nombre entier.");
        errors["siret"].Should().Contain("Le SIRET compte 14 chiffres.");
        errors.Values.SelectMany(v => v).Should().Contain(m => m.Contains("couleur"));
    }

    [Fact]
    public async Task MissingRequiredFieldsAreNamed()
    {
        var errors = await _validator.ValidateAsync(Schema, "{}");

        errors.Values.SelectMany(v => v).Should().Contain("« Montant du projet (€) » est obligatoire.")
            .And.Contain("« Régime » est obligatoire.").And.Contain("« Date de naissance » est obligatoire.");
    }

    [Theory]
    [InlineData("2026-02-31")]
    [InlineData("31/02/2025")]
    public async Task AnImpossibleDateIsRefused(string date)
    {
        var errors = await _validator.ValidateAsync(Schema, $$"""{"montant": 20000, "regime": "tns", "dateNaissance": "{{date}}"}""");

        errors.Should().ContainKey("dateNaissance");
    }

    [Fact]
    public async Task TextThatIsNotJsonIsRefused()
    {
        var errors = await _validator.ValidateAsync(Schema, "{ pas du json");

        errors[""].Should().ContainSingle().Which.Should().Contain("JSON");
    }
}
