namespace LeadsAssurance.Tests.Infrastructure;

/// <summary>
/// Another app instance (another node) on the database and import folder of a first app: what one node commits, the
/// other must see. The first app owns the database and the folder; this one leaves them when it stops.
/// </summary>
public static class SecondNodeFactory
{
    /// <summary>Starts a node on the same database and import folder as <paramref name="first"/>, with its settings.</summary>
    public static Task<AppFactory> StartAsync(AppFactory first, Dictionary<string, string>? settings = null) =>
        AppFactory.StartAsync(new AppFactory { DatabaseOf = first, ImportFolder = first.ImportFolder, Settings = settings ?? first.Settings });
}
