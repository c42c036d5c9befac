using Npgsql;

namespace LeadsAssurance.Domain.Data;

/// <summary>
/// The node's connections to PostgreSQL, one pool per purpose and each sized from <see cref="DatabaseOptions"/>:
/// <see cref="Main"/> (EF Core and the market), <see cref="Ingestion"/> (bulk writes), Quartz's job store
/// (<see cref="JobsConnectionString"/>) and the event listener's single unpooled connection
/// (<see cref="ListenerConnectionString"/>). Every distinct connection string is a pool of its own in Npgsql, so no
/// other code builds one.
/// </summary>
public sealed class DatabaseConnections : IAsyncDisposable
{
    public DatabaseConnections(string connectionString, DatabaseOptions options)
    {
        Options = options;
        var configured = new NpgsqlConnectionStringBuilder(connectionString);
        ServerConnectionString = configured.ConnectionString;
        var waitSeconds = (int)Math.Ceiling(options.ConnectionWait.TotalSeconds);
        Main = Build(options.ApplicationName, new NpgsqlConnectionStringBuilder(connectionString)
        {
            MaxPoolSize = options.MaxPoolSize,
            // A burst larger than the pool waits this long for a connection, then gets a clean 503 (AppExceptionHandler).
            Timeout = waitSeconds,
            ApplicationName = options.ApplicationName,
        });
        Ingestion = Build(options.ApplicationName + "-ingestion", new NpgsqlConnectionStringBuilder(connectionString)
        {
            MaxPoolSize = options.IngestionPoolSize,
            Timeout = waitSeconds,
            WriteBufferSize = 1 << 20,
            ApplicationName = options.ApplicationName + "-ingestion",
            // The same few statements run for every batch and every group of single leads: prepared on each connection
            // once they have run a few times, they are no longer parsed and planned each time.
            MaxAutoPrepare = 16,
        });
        JobsConnectionString = ForJobs(connectionString, options);
        ListenerConnectionString = new NpgsqlConnectionStringBuilder(connectionString)
        {
            Pooling = false, KeepAlive = 15, ApplicationName = options.ApplicationName + "-listener",
        }.ConnectionString;
    }

    // Named, so metrics and logs show the pool's purpose rather than its connection string.
    private static NpgsqlDataSource Build(string name, NpgsqlConnectionStringBuilder settings) =>
        new NpgsqlDataSourceBuilder(settings.ConnectionString) { Name = name }.Build();

    /// <summary>Quartz's job store (configured before the container exists, hence static).</summary>
    public static string ForJobs(string connectionString, DatabaseOptions options) =>
        new NpgsqlConnectionStringBuilder(connectionString)
        {
            MaxPoolSize = options.JobsPoolSize, ApplicationName = options.ApplicationName + "-jobs",
            Timeout = (int)Math.Ceiling(options.ConnectionWait.TotalSeconds),
        }.ConnectionString;

    public DatabaseOptions Options { get; }

    /// <summary>The connection string as configured (for tools that open their own, such as migrations).</summary>
    public string ServerConnectionString { get; }

    public NpgsqlDataSource Main { get; }
    public NpgsqlDataSource Ingestion { get; }
    public string JobsConnectionString { get; }
    public string ListenerConnectionString { get; }

    /// <summary>
    /// Drops the pools' idle connections: after the server restarted they are all dead, and each would otherwise fail
    /// one request before being thrown away. Connections in use are discarded when they come back broken.
    /// </summary>
    public void ClearAfterOutage()
    {
        Main.Clear();
        Ingestion.Clear();
    }

    public async ValueTask DisposeAsync()
    {
        await Main.DisposeAsync();
        await Ingestion.DisposeAsync();
        NpgsqlConnection.ClearPool(new NpgsqlConnection(JobsConnectionString));
    }
}
