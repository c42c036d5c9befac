using LeadsAssurance.Domain.Consent;

namespace LeadsAssurance.Tests.Infrastructure;

/// <summary>The market app with a daily seal key of its own (generated per app: no key is ever committed).</summary>
public class SealFactory : MarketFactory
{
    public SealFactory()
    {
        Settings["Consent:SigningKey"] = ChainHeadSigner.NewSigningKey();
        // The periodic job stays out of the way: the tests run it at chosen instants.
        Settings["Consent:SealSweepInterval"] = "1.00:00:00";
    }
}
