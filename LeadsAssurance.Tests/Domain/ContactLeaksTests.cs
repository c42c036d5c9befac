using LeadsAssurance.Tests.Infrastructure;

namespace LeadsAssurance.Tests.Domain;

/// <summary>The contact-leak check every market, hub and page test relies on: it finds every form, and only whole values.</summary>
public class ContactLeaksTests
{
    private static readonly Contact Eloise = new("Éloïse", "Lefèvre-Ødegaard", "+33611142664", "eloise.lefevre@exemple.fr");

    [Theory]
    [InlineData("tel:+33611142664")]
    [InlineData("{\"phone\":\"0611142664\"}")]
    [InlineData("<td>06 11 14 26 64</td>")]
    [InlineData("Tél. 06.11.14.26.64.")]
    [InlineData("+33 6 11 14 26 64")]
    [InlineData("mailto:Eloise.Lefevre@exemple.fr")]
    [InlineData("Bonjour éloïse,")]
    [InlineData("M. LEFÈVRE-ØDEGAARD")]
    public void EveryFormOfTheContactIsFound(string text) =>
        ContactLeaks.FoundIn(text, Eloise).Should().NotBeEmpty();

    [Theory]
    [InlineData("0193a1b2-0611-1426-6400-06111426649a")]
    [InlineData("id 10611142664")]
    [InlineData("06111426645")]
    [InlineData("Eloise sans accents")]
    [InlineData("Lefèvre-Ødegaardson")]
    [InlineData("xeloise.lefevre@exemple.fr.evil")]
    public void PartsOfLongerValuesAreNotLeaks(string text) =>
        ContactLeaks.FoundIn(text, Eloise).Should().BeEmpty();

    [Fact]
    public void ATextWithoutTheContactPassesAndOneWithItFailsTheTest()
    {
        var clean = () => "{\"city\":\"Bastia\",\"departement\":\"2B\"}".ShouldNotReveal(Eloise, "the market list");
        var leaking = () => "{\"city\":\"Bastia\",\"phone\":\"06 11 14 26 64\"}".ShouldNotReveal(Eloise, "the market list");

        clean.Should().NotThrow();
        leaking.Should().Throw<Exception>().WithMessage("*06 11 14 26 64*");
    }
}
