using LeadsAssurance.Domain.Leads;

namespace LeadsAssurance.Tests.Domain;

public class FrenchPhoneTests
{
    [Theory]
    [InlineData("+33611142664", "06 11 14 26 64")]
    [InlineData("+33761234567", "07 61 23 45 67")]
    [InlineData("+33142685300", "01 42 68 53 00")]
    [InlineData("+33491123456", "04 91 12 34 56")]
    [InlineData("+33987654321", "09 87 65 43 21")]
    [InlineData("+33800123456", "08 00 12 34 56")]
    public void MetropolitanNumbersReadAsTenDigitsInPairs(string stored, string shown) =>
        FrenchPhone.Display(stored).Should().Be(shown);

    [Theory]
    [InlineData("+262262161234", "02 62 16 12 34")] // La Réunion, landline
    [InlineData("+262692123456", "06 92 12 34 56")] // La Réunion, mobile
    [InlineData("+262269601234", "02 69 60 12 34")] // Mayotte, landline
    [InlineData("+262639012345", "06 39 01 23 45")] // Mayotte, mobile
    [InlineData("+590590201234", "05 90 20 12 34")] // Guadeloupe
    [InlineData("+590690001234", "06 90 00 12 34")]
    [InlineData("+596596301234", "05 96 30 12 34")] // Martinique
    [InlineData("+594594101234", "05 94 10 12 34")] // Guyane
    public void OverseasDepartementNumbersReadAsTheyAreDialledFromFrance(string stored, string shown) =>
        FrenchPhone.Display(stored).Should().Be(shown);

    [Fact]
    public void SaintPierreEtMiquelonHasNoNationalFormAndKeepsItsCountryCode() =>
        FrenchPhone.Display("+508411234").Should().Be("+508 41 12 34");

    [Theory]
    [InlineData("+2697712345")]   // Comoros: not a number the platform accepts
    [InlineData("+12025550123")]  // United States
    [InlineData("+33612")]        // too short
    [InlineData("+33123")]
    [InlineData("n° inconnu")]
    [InlineData("")]
    public void AnythingElseIsShownUnchanged(string stored) =>
        FrenchPhone.Display(stored).Should().Be(stored);

    [Theory]
    [InlineData("06 11 14 26 64")]
    [InlineData("+33 6 11 14 26 64")]
    [InlineData("+262 262 16 12 34")]
    [InlineData("+590 690 00 12 34")]
    [InlineData("+262 692 12 34 56")]
    public void WhatTheNormaliserStoresIsShownInPairs(string typed)
    {
        var stored = FrenchPhone.Normalize(typed, out var error);

        error.Should().BeNull();
        FrenchPhone.Display(stored!).Should().MatchRegex(@"^0\d( \d\d){4}$");
    }
}
