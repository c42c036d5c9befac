using System.Text;
using LeadsAssurance.Domain.Ingestion.Csv;

namespace LeadsAssurance.Tests.Domain;

public class CsvTests
{
    private static readonly Encoding Windows1252 = CsvSniffer.Windows1252;

    [Fact]
    public void DetectsUtf8WithAndWithoutBomAndWindows1252()
    {
        const string text = "Prénom;Ville\nÉloïse;Besançon\n";
        CsvSniffer.Detect([.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text)]).EncodingName.Should().Be("utf-8");
        CsvSniffer.Detect(Encoding.UTF8.GetBytes(text)).EncodingName.Should().Be("utf-8");
        var ansi = CsvSniffer.Detect(Windows1252.GetBytes(text));
        ansi.EncodingName.Should().Be("windows-1252");
        ansi.Encoding.GetString(Windows1252.GetBytes(text)).Should().Be(text);
    }

    [Theory]
    [InlineData("a;b;c\n1;2;3\n", ';')]
    [InlineData("a,b,c\n1,2,3\n", ',')]
    [InlineData("a\tb\tc\n1\t2\t3\n", '\t')]
    [InlineData("nom;montant\n\"Dupont, Jean\";\"1 234,50\"\n", ';')]
    public void DetectsTheSeparator(string text, char separator) =>
        CsvSniffer.Detect(Encoding.UTF8.GetBytes(text)).Separator.Should().Be(separator);

    [Fact]
    public void RefusesABinaryFileAndAnEmptyOne()
    {
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52];
        var binary = () => CsvSniffer.Detect(png);
        binary.Should().Throw<CsvFormatException>().WithMessage("*pas un fichier texte CSV*");
        var empty = () => CsvSniffer.Detect([]);
        empty.Should().Throw<CsvFormatException>().WithMessage("Le fichier est vide.");
    }

    [Fact]
    public void ReadsQuotedFieldsWithSeparatorsQuotesAndLineBreaksAndKnowsTheirLines()
    {
        const string text = "nom;commentaire;ville\r\n\"Dupont\";\"Il a dit \"\"oui\"\";\r\nrappeler\";Lyon\r\n\r\nMartin;;Metz";
        var records = new CsvReader(new StringReader(text), ';').ReadAll().ToList();

        records.Should().HaveCount(3);
        records[1].Line.Should().Be(2);
        records[1].Fields.Should().Equal("Dupont", "Il a dit \"oui\";\r\nrappeler", "Lyon");
        records[2].Line.Should().Be(5);
        records[2].Fields.Should().Equal("Martin", "", "Metz");
    }

    [Fact]
    public void AnUnclosedQuoteIsReportedWithItsLine()
    {
        var read = () => new CsvReader(new StringReader("a;b\n1;\"2\n3;4\n"), ';').ReadAll().ToList();
        read.Should().Throw<CsvFormatException>().WithMessage("*ligne 2*");
    }

    private static readonly string Schema = """
        {"type":"object","required":["regime"],"properties":{
          "regime":{"type":"string","title":"Régime social","enum":["general","tns"],"x-enumNames":["Régime général","Travailleur non salarié (TNS)"],"x-order":1},
          "dateNaissance":{"type":"string","format":"date","title":"Date de naissance","x-order":2},
          "revenu":{"type":"number","title":"Revenu annuel (€)","x-order":3},
          "enfants":{"type":"integer","title":"Nombre d'enfants","x-order":4},
          "fumeur":{"type":"boolean","title":"Fumeur","x-order":5}}}
        """;

    [Fact]
    public void HeadersAreMatchedToFieldsByNameAndSynonymsAndMissingRequiredOnesAreListed()
    {
        var targets = ImportTargets.For(Schema);
        var mapping = ImportTargets.Suggest(["Prénom", "NOM", "Tél.", "Courriel", "CP", "Régime social", "Date de naissance", "Colonne inconnue"], targets);

        mapping.Should().Contain(new Dictionary<string, string>
        {
            ["Prénom"] = "firstName", ["NOM"] = "lastName", ["Tél."] = "phone", ["Courriel"] = "email", ["CP"] = "zipCode",
            ["Régime social"] = "attributes.regime", ["Date de naissance"] = "attributes.dateNaissance",
        });
        mapping.Should().NotContainKey("Colonne inconnue");
        ImportTargets.Missing(mapping, targets).Select(t => t.Key).Should().Contain(["consent.text", "consent.capturedAt"]).And.NotContain("city");
    }

    [Fact]
    public void FrenchFormatsAreReadAndWhatCannotBeReadIsNamed()
    {
        var targets = ImportTargets.For(Schema);
        string[] headers = ["regime", "dateNaissance", "revenu", "enfants", "fumeur", "consent.capturedAt", "consent.partners"];
        var mapping = headers.ToDictionary(h => h, h => h.StartsWith("consent", StringComparison.Ordinal) ? h : $"attributes.{h}");
        var converter = new CsvRowConverter("MUTUELLE_SANTE", headers, mapping, targets);

        var (good, none) = converter.Convert(["Travailleur non salarié (TNS)", "17/05/1980", "45 000,50", "2", "non", "24/11/2026 09:30", "Cabinet A | Cabinet B"]);
        none.Should().BeEmpty();
        good.Attributes!["regime"]!.GetValue<string>().Should().Be("tns");
        good.Attributes["dateNaissance"]!.GetValue<string>().Should().Be("1980-05-17");
        good.Attributes["revenu"]!.GetValue<decimal>().Should().Be(45000.50m);
        good.Attributes["enfants"]!.GetValue<long>().Should().Be(2);
        good.Attributes["fumeur"]!.GetValue<bool>().Should().BeFalse();
        good.Consent!.CapturedAt.Should().Be(new DateTimeOffset(2026, 11, 24, 8, 30, 0, TimeSpan.Zero));
        good.Consent.Partners.Should().Equal("Cabinet A", "Cabinet B");

        var (_, errors) = converter.Convert(["Cadre", "31/02/2025", "beaucoup", "2,5", "peut-être", "hier", ""]);
        errors.Keys.Should().BeEquivalentTo("attributes.regime", "attributes.dateNaissance", "attributes.revenu", "attributes.enfants", "attributes.fumeur", "consent.capturedAt");
        errors["attributes.dateNaissance"].Single().Should().Contain("31/02/2025");

        var (_, width) = converter.Convert(["general", "17/05/1980"]);
        width.Should().ContainKey("ligne");
    }
}

public class CsvConsentFactTests
{
    [Fact]
    public void TheCheckboxFactColumnIsMatchedFromItsFrenchHeaderAndReadAsOuiNon()
    {
        var targets = ImportTargets.For("""{"type":"object","properties":{}}""");
        string[] headers = ["Case non cochée par défaut", "Partenaires"];

        var mapping = ImportTargets.Suggest(headers, targets);
        var converter = new CsvRowConverter("MUTUELLE_SANTE", headers, mapping, targets);

        mapping["Case non cochée par défaut"].Should().Be("consent.checkboxUncheckedByDefault");
        converter.Convert(["oui", "Cabinet A"]).Submission.Consent!.CheckboxUncheckedByDefault.Should().BeTrue();
        converter.Convert(["non", "Cabinet A"]).Submission.Consent!.CheckboxUncheckedByDefault.Should().BeFalse();
        converter.Convert(["", "Cabinet A"]).Submission.Consent!.CheckboxUncheckedByDefault.Should().BeNull("an empty cell declares nothing");
        converter.Convert(["peut-être", "Cabinet A"]).Errors["consent.checkboxUncheckedByDefault"].Single().Should().Be("« peut-être » : oui ou non attendu.");
        ImportTargets.Missing(mapping, targets).Should().NotContain(t => t.Key == "consent.checkboxUncheckedByDefault", "the column is optional");
    }
}
