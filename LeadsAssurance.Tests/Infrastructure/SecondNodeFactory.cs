namespace LeadsAssurance.Tests.Infrastructure;

/// <summary>
/// Another app instance (another node) on the database and import folder of <paramref name="first"/>: what one node
/// commits, the other must see. The first app owns the database and the folder; this one leaves them when it stops.
/// </summary>
public sealed class SecondNodeFactory(AppFactory first) : AppFactory
{
    public override Task InitializeAsync()
    {
        ConnectionString = first.ConnectionString;
        return Task.CompletedTask;
    }

    /// <summary>Starts a node on the same database and import folder as <paramref name="first"/>, with its settings.</summary>
    public static Task<SecondNodeFactory> StartAsync(AppFactory first, Dictionary<string, string>? settings = null) =>
        AppFactory.StartAsync(new SecondNodeFactory(first) { ImportFolder = first.ImportFolder, Settings = settings ?? first.Settings });

    public override async ValueTask DisposeAsync()
    {
        // Only this node's host: the database and the folder belong to the first app.
        await DisposeHostAsync();
        GC.SuppressFinalize(this);
    }
}
