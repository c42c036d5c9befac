using LeadsAssurance.Domain.Accounts;

namespace LeadsAssurance.Tests.Domain;

public class UnknownApiKeysTests
{
    [Fact]
    public void AHashIsRememberedUntilItsKeyIsCreatedHere()
    {
        using var unknown = new UnknownApiKeys();
        var hash = ApiKey.Hash("la_" + Guid.NewGuid().ToString("N"));

        unknown.Remember(hash);
        var remembered = unknown.Contains(hash);
        unknown.Forget(hash);

        remembered.Should().BeTrue();
        unknown.Contains(hash).Should().BeFalse();
    }

    [Fact]
    public void RandomKeysCannotGrowItPastItsCapacity()
    {
        using var unknown = new UnknownApiKeys();
        var hashes = Enumerable.Range(0, UnknownApiKeys.Capacity + 2_000).Select(_ => ApiKey.Hash(Guid.NewGuid().ToString("N"))).ToList();

        hashes.ForEach(unknown.Remember);

        hashes.Count(unknown.Contains).Should().BeGreaterThan(0).And.BeLessThanOrEqualTo(UnknownApiKeys.Capacity);
    }
}
