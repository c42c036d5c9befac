using LeadsAssurance.Domain;
using LeadsAssurance.Domain.Accounts;

namespace LeadsAssurance.Tests.Domain;

public class ApiKeyTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void ANewKeyIsRandomPrefixedAndOnlyItsHashIsKept()
    {
        var (key, plain) = ApiKey.Create(Guid.NewGuid(), "CRM", Now);
        var (_, other) = ApiKey.Create(Guid.NewGuid(), "CRM", Now);

        plain.Should().StartWith("la_").And.HaveLength(46).And.NotBe(other);
        key.KeyHash.Should().Be(ApiKey.Hash(plain)).And.HaveLength(64);
        key.DisplayPrefix.Should().Be(plain[..10]);
    }

    [Fact]
    public void AKeyCannotBeRevokedTwice()
    {
        var (key, _) = ApiKey.Create(Guid.NewGuid(), "CRM", Now);
        key.Revoke(Now);

        var again = () => key.Revoke(Now.AddMinutes(1));

        again.Should().Throw<DomainException>().WithMessage("*déjà révoquée*");
        key.RevokedAt.Should().Be(Now);
    }

    [Fact]
    public void AnOperatorChosenKeyMustBeLongEnough()
    {
        var act = () => ApiKey.Create(Guid.NewGuid(), "Bootstrap", "short", Now);

        act.Should().Throw<DomainException>();
    }
}
