using LeadsAssurance.Domain.Ingestion;

namespace LeadsAssurance.Tests.Domain;

/// <summary>How a refused lead is counted on its provider's dashboard: a duplicate, or the first field validation refused.</summary>
public class RefusalReasonTests
{
    [Theory]
    [InlineData("phone", "Téléphone invalide")]
    [InlineData("zipCode", "Code postal ou ville invalide")]
    [InlineData("consent.capturedAt", "Consentement trop ancien ou daté dans le futur")]
    [InlineData("consent.ipAddress", "Preuve de consentement incomplète")]
    [InlineData("attributes.dateNaissance", "Réponses au questionnaire du produit invalides")]
    [InlineData("productCode", "Produit inconnu ou hors vente")]
    public void AnInvalidLeadCountsUnderItsFirstErrorsField(string field, string label)
    {
        var result = IngestionResult.Invalid(new Dictionary<string, string[]> { [field] = ["…"], ["email"] = ["…"] });

        RefusalReason.Label(RefusalReason.Of(result)).Should().Be(label);
    }

    [Fact]
    public void ADuplicateCountsAsADuplicateWhateverElse()
    {
        var result = new IngestionResult(IngestionStatus.Duplicate, Reason: "Déjà reçu le 20/11/2026.");

        RefusalReason.Of(result).Should().Be(RefusalReason.Duplicate);
        RefusalReason.Label(RefusalReason.Duplicate).Should().Be("Doublon (même téléphone ou e-mail sous 30 jours)");
    }
}
