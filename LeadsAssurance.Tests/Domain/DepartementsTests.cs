using LeadsAssurance.Domain.Leads;

namespace LeadsAssurance.Tests.Domain;

public class DepartementsTests
{
    [Theory]
    [InlineData("75011", "75")]
    [InlineData("01000", "01")]
    [InlineData("20000", "2A")]
    [InlineData("20167", "2A")]
    [InlineData("20200", "2B")]
    [InlineData("20600", "2B")]
    [InlineData("97400", "974")]
    [InlineData("97200", "972")]
    [InlineData("98800", "988")]
    public void TheDepartementComesFromTheZipCode(string zip, string expected) =>
        Departements.FromZipCode(zip).Should().Be(expected);

    [Theory]
    [InlineData("00000")]
    [InlineData("99999")]
    [InlineData("9740")]
    [InlineData("7501A")]
    [InlineData(null)]
    public void NoDepartementForAnImpossibleZipCode(string? zip) =>
        Departements.FromZipCode(zip).Should().BeNull();

    [Fact]
    public void EveryMetropolitanAndOverseasDepartementHasAFrenchName()
    {
        Departements.Names.Should().HaveCount(96 + 11);
        Departements.Label("2A").Should().Be("2A – Corse-du-Sud");
        Departements.Label("974").Should().Be("974 – La Réunion");
    }
}
