using System.Text.Json;
using LeadsAssurance.Domain.Consent;
using LeadsAssurance.Domain.Leads;

namespace LeadsAssurance.Tests.Domain;

/// <summary>The version-3 canonical form: version 2 plus the checkbox fact and the collection page snapshot's SHA-256.</summary>
public class ConsentHasherVersion3Tests
{
    private static readonly LeadContact Person = new("Éloïse", "Dupont", "+33612345678", "eloise@example.fr", "20000", "Ajaccio");
    private static readonly byte[] Salt = Convert.FromHexString("00112233445566778899aabbccddeeff");
    private const string Page = "<html><body><input type=\"checkbox\"> J'accepte</body></html>";

    private static ConsentHashInput Input(int version = 3) => new(
        Guid.Parse("0194f0a2-0000-7000-8000-000000000001"), Guid.Parse("0194f0a2-0000-7000-8000-000000000002"), "MUTUELLE_SANTE",
        Person, "J'accepte d'être contactée.", "v1", ["Courtier A"], new DateTimeOffset(2026, 11, 2, 8, 30, 15, TimeSpan.Zero),
        "203.0.113.7", "Mozilla/5.0", "https://exemple.fr/devis", 42, ConsentChainHead.GenesisHash, IdentityDigest.Compute(Salt, Person),
        version, CheckboxUncheckedByDefault: true, PageSnapshotSha256: ConsentPageSnapshot.HashOf(Page));

    [Fact]
    public void TheVersionThreeFormAddsTheTwoKeysInCodePointOrderAndIsPinned()
    {
        var canonical = ConsentHasher.Canonicalize(Input());

        var keys = JsonDocument.Parse(canonical).RootElement.EnumerateObject().Select(p => p.Name).ToList();
        keys.Should().Equal("capturedAt", "chainPosition", "checkboxUncheckedByDefault", "identity", "ipAddress", "leadId", "pageSnapshot",
            "partners", "previousHash", "productCode", "providerId", "sourceUrl", "text", "textVersion", "userAgent", "v", "zipCode");
        keys.Should().BeInAscendingOrder(StringComparer.Ordinal);
        canonical.Should().Contain(",\"checkboxUncheckedByDefault\":true,")
            .And.Contain("\"pageSnapshot\":\"e8fef10b1d7a4f008e379947f78638671ef1c740a16cba891fcb9a408fa5eff7\"")
            .And.EndWith(",\"v\":3,\"zipCode\":\"20000\"}");
        // Pinned from an independent computation (Python's hashlib over the documented JSON).
        ConsentHasher.ComputeHash(Input()).Should().Be("5fad23a339dd4c36011015c738fe3d18df2fa6bdabdf55421d20ac7a9350b30b");
        ConsentHasher.ComputeHash(Input() with { CheckboxUncheckedByDefault = null, PageSnapshotSha256 = null })
            .Should().Be("a7ed74b6005780040614f97c8bdfa5d51ac5ecad10397cf5bf309190567543ac", "undeclared facts are written as JSON null");
    }

    [Fact]
    public void EachNewFactChangesTheHash()
    {
        var hash = ConsentHasher.ComputeHash(Input());

        ConsentHasher.ComputeHash(Input() with { CheckboxUncheckedByDefault = false }).Should().NotBe(hash);
        ConsentHasher.ComputeHash(Input() with { CheckboxUncheckedByDefault = null }).Should().NotBe(hash);
        ConsentHasher.ComputeHash(Input() with { PageSnapshotSha256 = ConsentPageSnapshot.HashOf(Page + " ") }).Should().NotBe(hash);
        ConsentHasher.ComputeHash(Input() with { PageSnapshotSha256 = null }).Should().NotBe(hash);
    }

    [Fact]
    public void VersionTwoAndOneFormsIgnoreTheNewFactsAndKeepTheirBytes()
    {
        var v2 = Input(version: 2);

        var canonical = ConsentHasher.Canonicalize(v2);

        canonical.Should().NotContain("checkboxUncheckedByDefault").And.NotContain("pageSnapshot").And.EndWith(",\"v\":2,\"zipCode\":\"20000\"}");
        ConsentHasher.ComputeHash(v2).Should().Be(ConsentHasher.ComputeHash(v2 with { CheckboxUncheckedByDefault = null, PageSnapshotSha256 = null }));
        var v1 = v2 with { IdentityDigest = null };
        v1.Version.Should().Be(1);
        ConsentHasher.Canonicalize(v1).Should().NotContain("checkboxUncheckedByDefault").And.Contain("\"v\":1,");
    }

    [Fact]
    public void TheImportTemplateHashesTheVersionThreeFormLikeTheWholeString()
    {
        var input = Input() with { ChainPosition = 9_876, PreviousHash = new string('a', 64) };

        ConsentHasher.Template(Input() with { ChainPosition = 0, PreviousHash = "" }).Compute(9_876, new string('a', 64))
            .Should().Be(ConsentHasher.ComputeHash(input));
    }

    [Fact]
    public void PreparingAConsentWritesTheCurrentVersionWithItsFacts()
    {
        var capture = new ConsentCapture("Texte", "v1", DateTimeOffset.UnixEpoch, "203.0.113.7", "UA", "https://exemple.fr", ["A"],
            CheckboxUncheckedByDefault: false, PageSnapshotSha256: ConsentPageSnapshot.HashOf(Page));
        var leadId = Guid.NewGuid();
        var providerId = Guid.NewGuid();

        var (stored, template) = ConsentChain.Prepare(leadId, providerId, "MUTUELLE_SANTE", Person, capture);

        ConsentHasher.FormatVersion.Should().Be(4, "version 4 added the partner list (PartnerListTests)");
        var expected = ConsentHasher.ComputeHash(ConsentChain.HashInput(leadId, providerId, "MUTUELLE_SANTE", Person, stored, 5, ConsentChainHead.GenesisHash)
            with { IdentityDigest = template.IdentityDigest });
        template.Compute(5, ConsentChainHead.GenesisHash).Should().Be(expected);
        ConsentHasher.ComputeHash(ConsentChain.HashInput(leadId, providerId, "MUTUELLE_SANTE", Person, stored with { CheckboxUncheckedByDefault = true },
            5, ConsentChainHead.GenesisHash) with { IdentityDigest = template.IdentityDigest }).Should().NotBe(expected);
    }
}
