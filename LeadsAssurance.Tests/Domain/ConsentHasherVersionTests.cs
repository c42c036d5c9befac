using System.Text.Json;
using LeadsAssurance.Domain.Consent;
using LeadsAssurance.Domain.Leads;

namespace LeadsAssurance.Tests.Domain;

/// <summary>The version-2 canonical form (records written before version 3): the chain commits to a salted digest of the identity, not to the identity.</summary>
public class ConsentHasherVersionTests
{
    private static readonly LeadContact Person = new("Éloïse", "Dupont", "+33612345678", "eloise@example.fr", "20000", "Ajaccio");
    private static readonly byte[] Salt = Convert.FromHexString("00112233445566778899aabbccddeeff");

    private static ConsentHashInput Input(string digest) => new(
        Guid.Parse("0194f0a2-0000-7000-8000-000000000001"), Guid.Parse("0194f0a2-0000-7000-8000-000000000002"), "MUTUELLE_SANTE",
        Person, "J'accepte d'être contactée.", "v1", ["Courtier A"], new DateTimeOffset(2026, 11, 2, 8, 30, 15, TimeSpan.Zero),
        "203.0.113.7", "Mozilla/5.0", "https://exemple.fr/devis", 42, ConsentChainHead.GenesisHash, digest, ConsentHasher.DigestVersion);

    [Fact]
    public void TheVersionTwoFormHoldsTheDigestInsteadOfTheIdentityAndKeepsTheZipCode()
    {
        var digest = IdentityDigest.Compute(Salt, Person);

        var canonical = ConsentHasher.Canonicalize(Input(digest));

        var keys = JsonDocument.Parse(canonical).RootElement.EnumerateObject().Select(p => p.Name).ToList();
        keys.Should().Equal("capturedAt", "chainPosition", "identity", "ipAddress", "leadId", "partners", "previousHash", "productCode",
            "providerId", "sourceUrl", "text", "textVersion", "userAgent", "v", "zipCode");
        canonical.Should().Contain($"\"identity\":\"{digest}\"").And.EndWith(",\"v\":2,\"zipCode\":\"20000\"}");
        canonical.Should().NotContain("Dupont").And.NotContain("+33612345678").And.NotContain("eloise@").And.NotContain("Ajaccio");
    }

    [Fact]
    public void TheDigestIsAnHmacOfTheCanonicalIdentityKeyedWithTheSalt()
    {
        // Pinned from an independent computation (Python's hmac over the documented JSON), so stored digests keep matching.
        IdentityDigest.Compute(Salt, Person).Should().Be("489c5a37af5773a130fc1f2d36eb3ad182664f7a01d6f57a3c52889cf9a8dc83");
    }

    [Fact]
    public void TheHashNoLongerReadsTheIdentityButTheDigestDependsOnItAndOnTheSalt()
    {
        var digest = IdentityDigest.Compute(Salt, Person);
        var hash = ConsentHasher.ComputeHash(Input(digest));

        var erased = Input(digest) with { Contact = Person with { FirstName = "", LastName = "", Phone = "", Email = "", City = "" } };

        ConsentHasher.ComputeHash(erased).Should().Be(hash, "an erased identity leaves a version-2 hash recomputable");
        IdentityDigest.Compute(Salt, Person with { Phone = "+33612345679" }).Should().NotBe(digest);
        IdentityDigest.Compute(IdentityDigest.NewSalt(), Person).Should().NotBe(digest, "without its salt a digest cannot be matched to a guess");
        ConsentHasher.ComputeHash(Input(digest) with { Contact = Person with { ZipCode = "20090" } }).Should().NotBe(hash);
    }

    [Fact]
    public void PreparingAConsentUsesTheCurrentVersionWithAFreshSaltEachTime()
    {
        var capture = new ConsentCapture("Texte", "v1", DateTimeOffset.UnixEpoch, "203.0.113.7", "UA", "https://exemple.fr", []);

        var (_, first) = ConsentChain.Prepare(Guid.NewGuid(), Guid.NewGuid(), "MUTUELLE_SANTE", Person, capture);
        var (_, second) = ConsentChain.Prepare(Guid.NewGuid(), Guid.NewGuid(), "MUTUELLE_SANTE", Person, capture);

        first.IdentitySalt.Should().HaveCount(IdentityDigest.SaltBytes);
        first.IdentityDigest.Should().Be(IdentityDigest.Compute(first.IdentitySalt!, Person));
        second.IdentitySalt.Should().NotEqual(first.IdentitySalt!);
        second.IdentityDigest.Should().NotBe(first.IdentityDigest);
    }
}
