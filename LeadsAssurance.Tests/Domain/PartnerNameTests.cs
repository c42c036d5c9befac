using LeadsAssurance.Domain.Partners;

namespace LeadsAssurance.Tests.Domain;

public class PartnerNameTests
{
    private static readonly string[] Broker = PartnerName.BrokerKeys("Assur Plus SARL", "12345678", ["Cœur d'Épargne", "Martin & Fils"]);

    [Theory]
    [InlineData("ASSUR PLUS")]
    [InlineData("assur plus")]
    [InlineData("Assur-Plus")]
    [InlineData("Assur Plus SAS")]
    [InlineData("S.A.S. Assur Plus")]
    [InlineData("  Assur   Plus , SARL ")]
    [InlineData("ORIAS 12 345 678")]
    [InlineData("n° ORIAS : 12345678")]
    [InlineData("Un courtier quelconque (ORIAS 12.345.678)")]
    [InlineData("COEUR D'EPARGNE")]
    [InlineData("Cœur d’Épargne EURL")]
    [InlineData("Martin et Fils")]
    [InlineData("MARTIN & FILS SA")]
    public void BrokerIsNamedWhateverTheSpelling(string partner) =>
        PartnerName.Names(PartnerName.KeysOf([partner]), Broker).Should().BeTrue();

    [Theory]
    [InlineData("Assur")]
    [InlineData("Assur Plus Conseil")]
    [InlineData("Assur Plus 2")]
    [InlineData("ORIAS 12345679")]
    [InlineData("Assurances Durand (ORIAS 87654321)")]
    [InlineData("06 12 34 56 78")]
    [InlineData("1234567")]
    [InlineData("Cœur")]
    [InlineData("SAS")]
    public void NearMissesDoNotName(string partner) =>
        PartnerName.Names(PartnerName.KeysOf([partner]), Broker).Should().BeFalse();

    [Fact]
    public void NormalFormIgnoresCaseAccentsPunctuationAndLegalForms()
    {
        PartnerName.Normalize("Société Générale d'Assurances S.A.R.L.").Should().Be("societe generale d assurances");
        PartnerName.Normalize("ÉLÉPHANT  Courtage — SASU").Should().Be("elephant courtage");
        PartnerName.Normalize("Straße Œuvre Ærø").Should().Be("strasse oeuvre aero");
        PartnerName.Normalize("SARL").Should().BeEmpty();
    }

    [Fact]
    public void PartnerQuotingItsOriasGivesItsNameAndItsNumber() =>
        PartnerName.KeysOf(["Assurances Durand SAS - ORIAS n° 07 001 234"]).Should().Equal("assurances durand", "orias:07001234");

    [Fact]
    public void BrokerKeysHoldCompanyTradeNamesAndOrias() =>
        Broker.Should().Equal("assur plus", "coeur d epargne", "martin et fils", "orias:12345678");

    [Fact]
    public void ABrokerWithoutValidOriasIsMatchedByNameOnly() =>
        PartnerName.BrokerKeys("Cabinet Martin", "1234", []).Should().Equal("cabinet martin");

    [Fact]
    public void NoPartnersNameNobody() =>
        PartnerName.Names([], Broker).Should().BeFalse();
}
