using LeadsAssurance.Domain.Consent;
using LeadsAssurance.Domain.Privacy;
using LeadsAssurance.Domain.Privacy.Opposition;

namespace LeadsAssurance.Web.Hosting;

/// <summary>Where the keys of the consent chain's daily seal and of the opposition list's digests come from.</summary>
public static class ConsentSigningSetup
{
    /// <summary>
    /// Consent:SigningKey when set. Otherwise, in Development and on the embedded local cluster, a key generated once and
    /// kept beside that cluster under the data folder (git-ignored), so a local run's seals stay checkable across
    /// restarts. Elsewhere, without the setting, no seal is made (the README says how to create a key).
    /// </summary>
    public static IHostApplicationBuilder AddConsentSigningKey(this IHostApplicationBuilder builder, string dataFolder, bool sharedServer)
    {
        if (!string.IsNullOrWhiteSpace(builder.Configuration[$"{ConsentSigningOptions.Section}:{nameof(ConsentSigningOptions.SigningKey)}"])
            || (sharedServer && !builder.Environment.IsDevelopment()))
            return builder;
        var path = Path.Combine(dataFolder, "consent-signing-key");
        builder.Services.PostConfigure<ConsentSigningOptions>(o => o.SigningKey = LocalSecretFile.LoadOrCreate(path, ChainHeadSigner.NewSigningKey));
        return builder;
    }

    /// <summary>
    /// Privacy:SuppressionKey, the key of the opposition list's digests, when set. Production refuses to start without
    /// it (a generated key would differ between servers and make the list useless). Elsewhere a key is generated once and
    /// kept under the data folder, shared by the processes of a local run (deploy/local/cluster.sh's nodes).
    /// </summary>
    public static IHostApplicationBuilder AddSuppressionKey(this IHostApplicationBuilder builder, string dataFolder)
    {
        var configured = builder.Configuration[$"{PrivacyOptions.Section}:{nameof(PrivacyOptions.SuppressionKey)}"];
        if (!string.IsNullOrWhiteSpace(configured))
            return builder;
        if (builder.Environment.IsProduction())
        {
            builder.Services.AddOptions<PrivacyOptions>().Validate(o => !string.IsNullOrWhiteSpace(o.SuppressionKey),
                "Privacy:SuppressionKey is required in Production (openssl rand -base64 32; the same on every node).");
            return builder;
        }
        var path = Path.Combine(dataFolder, "suppression-key");
        builder.Services.PostConfigure<PrivacyOptions>(o => o.SuppressionKey = LocalSecretFile.LoadOrCreate(path, ContactDigests.NewKey));
        return builder;
    }
}
