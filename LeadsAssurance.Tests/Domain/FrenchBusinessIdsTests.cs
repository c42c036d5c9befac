using LeadsAssurance.Domain.Accounts;

namespace LeadsAssurance.Tests.Domain;

public class FrenchBusinessIdsTests
{
    [Theory]
    [InlineData("732829320", true)]
    [InlineData("732 829 320", true)]
    [InlineData("732829321", false)]
    [InlineData("73282932", false)]
    [InlineData("ABCDEFGHI", false)]
    public void SirenNeedsNineDigitsWithAValidChecksum(string siren, bool valid) =>
        FrenchBusinessIds.IsValidSiren(siren).Should().Be(valid);

    [Theory]
    [InlineData("07001234", true)]
    [InlineData("07 001 234", true)]
    [InlineData("0700123", false)]
    [InlineData("070012345", false)]
    [InlineData("ORIAS123", false)]
    [InlineData(null, false)]
    public void OriasNumberIsEightDigits(string? orias, bool valid) =>
        FrenchBusinessIds.IsValidOrias(orias).Should().Be(valid);
}
