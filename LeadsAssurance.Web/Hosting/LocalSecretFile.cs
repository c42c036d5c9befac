namespace LeadsAssurance.Web.Hosting;

/// <summary>
/// A secret generated once for a local run and kept in a file under the data folder (git-ignored, readable by its owner
/// only), so every process of that run, and the next runs, use the same one.
/// </summary>
internal static class LocalSecretFile
{
    public static string LoadOrCreate(string path, Func<string> generate)
    {
        if (File.Exists(path))
            return File.ReadAllText(path).Trim();
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var secret = generate();
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        try
        {
            using var writer = new StreamWriter(path, options);
            writer.Write(secret);
            return secret;
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another process of the same local run created it first: use theirs.
            return File.ReadAllText(path).Trim();
        }
    }
}
