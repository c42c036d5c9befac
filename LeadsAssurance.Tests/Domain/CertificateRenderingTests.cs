using LeadsAssurance.Domain.Documents;
using LeadsAssurance.Tests.Infrastructure;

namespace LeadsAssurance.Tests.Domain;

/// <summary>
/// The consent certificate read as an inspector reads it: every field extracted by PdfPig and by pdftotext equals what
/// was stated, letter for letter, whatever the person's name, and the whole certificate is one page.
/// </summary>
public class CertificateRenderingTests
{
    private const string ConsentText = "J'accepte d'être contacté(e) par téléphone ou par e-mail par Cabinet Martin et Assurances Durand "
        + "au sujet de ma complémentaire santé. Je peux retirer mon consentement à tout moment : « STOP » par SMS, ou à dpo@exemple.fr.";

    /// <summary>The letters of names living in France that Latin-1 lacks (Polish, Turkish, Romanian, Vietnamese, Czech...).</summary>
    private const string ExtendedLetters = "łąęśżźćńóğıİşçșțăâî ạảấầẩẫậắằẳẵặẹẻẽếềểễệ ỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹđơư ßüřěŁĄĘŚŻŹĆŃĞŞȘȚĂĐƠƯŘĚŇŤĎŮ";

    public static TheoryData<string, string> Names => new()
    {
        { "Éloïse", "Lefèvre-Çağlar" },
        { "Łucja", "Wąsowska-Żądło" },
        { "Ściegienny", "Źródłowski-Ćwikliński" },
        { "Jędrzej", "Mańkowski" },
        { "Gülşen", "Yıldırım" },
        { "İsmail", "Öztürk-Şahin" },
        { "Ștefan", "Țurcanu-Brâncuși" },
        { "Ionuț", "Mureșan-Dăscălescu" },
        { "Nguyễn", "Thị Hồng Nhung" },
        { "Trần", "Đức Thắng" },
        { "Phạm", "Quốc Việt Ẩn" },
        { "Lê", "Ngọc Ánh Hạnh" },
        { "Võ", "Thị Ỷ Lợi" },
        { "Đặng", "Hữu Phước Sử" },
        { "Hồ", "Ẵn Ỡn Ộc Ặp Ẹ" },
        { "Antonín", "Dvořák-Kněžourek" },
        { "Jürgen", "Straßburger-Müller" },
        { "Zuzana", "Nováčková-Ďurčová" },
        { "Åsa", "Øvergård-Ærø" },
        { "Ngô", "Ỳ Ỹ Ỵ Ỷ Ửu Ữ Ự Ừ Ứ Ủ Ụ" },
    };

    [Theory]
    [MemberData(nameof(Names))]
    public async Task EveryFieldExtractsExactlyWhateverTheName(string firstName, string lastName)
    {
        var certificate = Certificate(firstName, lastName);

        var pdf = Render(certificate);
        var pdfPig = PdfText.PdfPig(pdf);
        var poppler = await PdfText.PopplerAsync(pdf);

        PdfText.Pages(pdf).Should().Be(1);
        foreach (var (tool, text) in new[] { ("PdfPig", pdfPig), ("pdftotext", poppler) })
        {
            foreach (var expected in Fields(certificate))
                text.Should().Contain(expected, "{0} reads the certificate's {1} as drawn", tool, expected);
        }
    }

    [Fact]
    public async Task EveryExtendedLetterOfTheListPrintsAndExtracts()
    {
        var certificate = Certificate("Ana", ExtendedLetters);

        var pdf = Render(certificate);

        using var font = new SkiaSharp.SKFont(PdfFonts.Regular);
        font.ContainsGlyphs(ExtendedLetters).Should().BeTrue("the embedded font draws every letter");
        PdfText.PdfPig(pdf).Should().Contain($"Ana {ExtendedLetters}");
        (await PdfText.PopplerAsync(pdf)).Should().Contain($"Ana {ExtendedLetters}");
    }

    [Fact]
    public async Task ANameStoredDecomposedPrintsAndExtractsComposed()
    {
        var decomposed = "Nguyễn Đặng".Normalize(System.Text.NormalizationForm.FormD);

        var pdf = Render(Certificate("Hà", decomposed));

        (await PdfText.PopplerAsync(pdf)).Should().Contain("Hà Nguyễn Đặng");
    }

    [Fact]
    public async Task ALeadWithLongRealisticValuesStaysOnOnePageUnder100KB()
    {
        var certificate = Certificate("Marie-Christine", "Nguyễn-Łukasiewicz Ștefănescu") with
        {
            Email = "marie-christine.nguyen-lukasiewicz@fournisseur-exemple.fr",
            ZipCode = "51290", City = "Saint-Remy-en-Bouzemont-Saint-Genest-et-Isson", Departement = "51",
            ProductCode = "MULTIRISQUE_PRO", ProductLabel = "Multirisque professionnelle",
            ProviderCompany = "Comparateur Assurances Santé et Prévoyance SAS",
            ConsentText = "En validant ce formulaire, j'accepte d'être contacté(e) par téléphone, par SMS ou par e-mail par les "
                + "partenaires nommés ci-dessous, courtiers en assurance immatriculés à l'ORIAS, afin de recevoir une étude "
                + "personnalisée et des offres de complémentaire santé correspondant à ma demande. Ce consentement est valable "
                + "30 jours ; je peux le retirer à tout moment en répondant « STOP » à un SMS ou en écrivant à dpo@comparateur-exemple.fr.",
            Partners = ["Cabinet Martin & Associés", "Assurances Durand Courtage", "Mutuelles Conseil Île-de-France"],
            IpAddress = "2a01:e0a:b2c:4f10:8d3c:21ff:fe4a:9b7c",
            UserAgent = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
            SourceUrl = "https://www.comparateur-assurances-exemple.fr/mutuelle-sante/devis-gratuit?utm_source=google&utm_medium=cpc&utm_campaign=mutuelle-2026&gclid=EAIaIQobChMI8vX2k7",
            ChainPosition = 1_234_567,
            CheckboxUncheckedByDefault = true,
            PageSnapshotSha256 = "e8fef10b1d7a4f008e379947f78638671ef1c740a16cba891fcb9a408fa5eff7",
            Purchases = [new(Guid.NewGuid(), "Cabinet de Courtage Lefèvre-Çağlar et Associés", "12345678", Purchased, 142.50m)],
        };

        var pdf = Render(certificate);

        PdfText.Pages(pdf).Should().Be(1, "the last lines of a long certificate do not spill alone onto a second page");
        pdf.Length.Should().BeLessThan(100 * 1024);
        var text = await PdfText.PopplerAsync(pdf);
        foreach (var expected in Fields(certificate).Where(f => f != certificate.SourceUrl))
            text.Should().Contain(expected);
        // A value wider than the line and without a space (a long URL) is cut where the line ends: it reads back whole
        // once that one line break is taken out.
        text.Replace(" ", "").Should().Contain(certificate.SourceUrl);
    }

    private static readonly DateTimeOffset Purchased = new(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);

    private static CertificateData Certificate(string firstName, string lastName) => new(
        Guid.Parse("0194f0a2-0000-7000-8000-0000000000aa"), firstName, lastName, "+33612345678", "eloise.1234@exemple.fr", "20200", "Bastia", "2B",
        "MUTUELLE_SANTE", "Mutuelle santé", "Comparateur Exemple SAS", "732829320", ConsentText, "v3.2", ["Cabinet Martin", "Assurances Durand"],
        new DateTimeOffset(2026, 11, 24, 7, 30, 15, TimeSpan.Zero), "203.0.113.7", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/131.0",
        "https://comparateur.exemple.fr/mutuelle?utm_source=certif", "3f6c1d0e9a8b7c6d5e4f30211203f4e5d6c7b8a9f0e1d2c3b4a5968778695a4b", 42,
        "9a8b7c6d5e4f30211203f4e5d6c7b8a9f0e1d2c3b4a5968778695a4b3f6c1d0e", new DateTimeOffset(2026, 11, 24, 7, 30, 16, TimeSpan.Zero),
        [new(Guid.Parse("0194f0a2-0000-7000-8000-0000000000bb"), "Cabinet Courtier SARL", "12345678", Purchased, 42.50m)]);

    private static byte[] Render(CertificateData certificate)
    {
        using var output = new MemoryStream();
        ConsentCertificate.Write(certificate, "https://leads.exemple.fr", new DateTimeOffset(2026, 11, 26, 10, 0, 0, TimeSpan.Zero), output);
        return output.ToArray();
    }

    /// <summary>What the certificate states, each as one run of text (a long value may wrap: whitespace is collapsed).</summary>
    private static IEnumerable<string> Fields(CertificateData c) =>
    [
        "Certificat de consentement", "Personne concernée", $"{c.FirstName} {c.LastName}".Normalize(), "06 12 34 56 78", c.Email,
        $"{c.ZipCode} {c.City} (département {c.Departement})", $"{c.ProductLabel} ({c.ProductCode})", c.ProviderCompany, "732 829 320",
        "24/11/2026 07:30:15 UTC", "24/11/2026 08:30:15", c.IpAddress, PdfText.Collapse(c.UserAgent), c.SourceUrl, c.TextVersion,
        string.Join(", ", c.Partners), PdfText.Collapse(c.ConsentText), c.ProofHash, c.PreviousHash,
        $"n° {c.ChainPosition.ToString("N0", LeadsAssurance.Domain.France.Culture)}".Replace('\u202F', ' '),
        c.Purchases[0].BrokerCompany, "ORIAS 12345678", "25/11/2026 11:00:00", PdfText.Collapse(c.Purchases[0].Price.ToString("C", LeadsAssurance.Domain.France.Culture)),
        $"https://leads.exemple.fr/verify/{c.ProofHash}", "« Preuve valide »",
        // R112-7: 30 days after the consent, Paris time; then the version-3 facts.
        "Appel possible jusqu'au", "24/12/2026 08:30:15 (Paris)", "Case non cochée par défaut",
        c.CheckboxUncheckedByDefault switch { true => "oui", false => "non", null => "non déclaré" },
        .. c.PageSnapshotSha256 is { } sha ? new[] { "Capture de la page", $"SHA-256 {sha}" } : [],
    ];
}
