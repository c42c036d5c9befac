using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace LeadsAssurance.Domain.Flows;

/// <summary>
/// Webhook signing secrets: 32 random bytes, shown to the broker once, stored protected by ASP.NET Core Data Protection
/// (whose keys every node shares in PostgreSQL), so a database dump alone does not let anyone sign as the platform.
/// The server must sign with the secret itself, so it is protected, not hashed.
/// </summary>
public sealed class FlowSecrets(IDataProtectionProvider provider)
{
    private readonly IDataProtector _protector = provider.CreateProtector("LeadsAssurance.Flows.WebhookSecret.v1");

    /// <summary>A new secret: (what the broker is shown once, what is stored).</summary>
    public (string Plain, string Protected) Generate()
    {
        var plain = "whsec_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        return (plain, _protector.Protect(plain));
    }

    /// <summary>The secret to sign a webhook with (for the sender).</summary>
    public string Unprotect(string stored) => _protector.Unprotect(stored);
}
