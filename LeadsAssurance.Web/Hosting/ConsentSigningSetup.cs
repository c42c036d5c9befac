using LeadsAssurance.Domain.Consent;

namespace LeadsAssurance.Web.Hosting;

/// <summary>Where the key that seals the consent chain each day comes from.</summary>
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
        builder.Services.PostConfigure<ConsentSigningOptions>(o => o.SigningKey = LoadOrCreate(path));
        return builder;
    }

    private static string LoadOrCreate(string path)
    {
        if (File.Exists(path))
            return File.ReadAllText(path).Trim();
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var key = ChainHeadSigner.NewSigningKey();
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        try
        {
            using var writer = new StreamWriter(path, options);
            writer.Write(key);
            return key;
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another process of the same local run created it first: use theirs.
            return File.ReadAllText(path).Trim();
        }
    }
}
