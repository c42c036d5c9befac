using LeadsAssurance.Domain.Consent;
using LeadsAssurance.Domain.Leads;

namespace LeadsAssurance.Tests.Domain;

public class ConsentHasherTests
{
    private static readonly ConsentHashInput Input = new(
        Guid.Parse("0194f0a2-0000-7000-8000-000000000001"), Guid.Parse("0194f0a2-0000-7000-8000-000000000002"), "MUTUELLE_SANTE",
        new LeadContact("Éloïse", "Dupont", "+33612345678", "eloise@example.fr", "20000", "Ajaccio"),
        "J'accepte d'être \"contactée\"\npar téléphone.", "v1", ["Courtier A", "Courtier B"],
        new DateTimeOffset(2026, 11, 2, 9, 30, 15, 123, TimeSpan.FromHours(1)).AddTicks(4567),
        "203.0.113.7", "Mozilla/5.0", "https://exemple.fr/devis", 42, ConsentChainHead.GenesisHash);

    [Fact]
    public void TheCanonicalFormSortsKeysAndEscapesOnlyWhatJsonRequires()
    {
        var canonical = ConsentHasher.Canonicalize(Input);

        canonical.Should().StartWith("{\"capturedAt\":\"2026-11-02T08:30:15.123456Z\",\"chainPosition\":42,\"city\":\"Ajaccio\"");
        canonical.Should().Contain("\"text\":\"J'accepte d'être \\\"contactée\\\"\\npar téléphone.\"");
        canonical.Should().Contain("\"partners\":[\"Courtier A\",\"Courtier B\"]");
        canonical.Should().EndWith(",\"v\":1,\"zipCode\":\"20000\"}");
    }

    [Fact]
    public void TheCanonicalFormHoldsEveryDocumentedKeyOnceInCodePointOrder()
    {
        var keys = System.Text.Json.JsonDocument.Parse(ConsentHasher.Canonicalize(Input)).RootElement.EnumerateObject().Select(p => p.Name).ToList();

        keys.Should().Equal("capturedAt", "chainPosition", "city", "email", "firstName", "ipAddress", "lastName", "leadId", "partners",
            "phone", "previousHash", "productCode", "providerId", "sourceUrl", "text", "textVersion", "userAgent", "v", "zipCode");
        keys.Should().BeInAscendingOrder(StringComparer.Ordinal);
    }

    [Fact]
    public void TheHashIsStableAndChangesWithAnyCoveredField()
    {
        var hash = ConsentHasher.ComputeHash(Input);

        hash.Should().MatchRegex("^[0-9a-f]{64}$").And.Be(ConsentHasher.ComputeHash(Input));
        ConsentHasher.ComputeHash(Input with { IpAddress = "203.0.113.8" }).Should().NotBe(hash);
        ConsentHasher.ComputeHash(Input with { Contact = Input.Contact with { Phone = "+33612345679" } }).Should().NotBe(hash);
        ConsentHasher.ComputeHash(Input with { PreviousHash = new string('1', 64) }).Should().NotBe(hash);
        ConsentHasher.ComputeHash(Input with { CapturedAt = Input.CapturedAt.AddTicks(-7) }).Should().Be(hash, "below a microsecond is not stored");
    }

    [Fact]
    public void HashesArePinnedAcrossImplementations()
    {
        // Values computed by the first implementation (one string, hashed whole): stored proofs must keep verifying.
        ConsentHasher.ComputeHash(Input).Should().Be("14d315208015697842ca7c58c82dea4d721ad5bb210641e494bbb0997ebff7f2");
        ConsentHasher.ComputeHash(Input with { PreviousHash = "ab\"c\\", Partners = ["\u0001x", "é"] })
            .Should().Be("238fe20460771b038b3705d2ce695d7acd18602ef410416f75552eb0604043e8");
    }

    [Theory]
    [InlineData(1, "0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData(9_876_543_210, "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff")]
    [InlineData(7, "not \"hex\" \\ at all")]
    public void TheTemplateHashesTheCanonicalFormAtAnyPosition(long position, string previous)
    {
        var input = Input with { ChainPosition = position, PreviousHash = previous };
        var expected = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(ConsentHasher.Canonicalize(input))));

        ConsentHasher.Template(Input with { ChainPosition = 0, PreviousHash = "" }).Compute(position, previous).Should().Be(expected);
        ConsentHasher.ComputeHash(input).Should().Be(expected);
    }

    [Fact]
    public void TimesAreWrittenInTheDocumentedFormatForAnyInstantAndOffset()
    {
        var random = new Random(20261201);
        DateTimeOffset[] edges =
        [
            DateTimeOffset.MinValue, DateTimeOffset.MaxValue, new DateTimeOffset(2026, 3, 29, 1, 59, 59, 999, TimeSpan.Zero).AddTicks(9999),
            new(2024, 2, 29, 23, 0, 0, TimeSpan.FromHours(-10)), new(1999, 12, 31, 23, 59, 59, TimeSpan.FromHours(14)),
        ];
        var instants = edges.Concat(Enumerable.Range(0, 10_000).Select(_ => new DateTimeOffset(
            random.NextInt64(DateTime.MinValue.Ticks + TimeSpan.TicksPerDay, DateTime.MaxValue.Ticks - TimeSpan.TicksPerDay),
            TimeSpan.FromMinutes(random.Next(-14 * 60, 14 * 60 + 1)))));

        foreach (var t in instants)
            ConsentHasher.FormatTime(t).Should().Be(
                new DateTime(t.UtcTicks - t.UtcTicks % 10, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", System.Globalization.CultureInfo.InvariantCulture),
                $"{t.UtcTicks} ticks");
    }
}
