using System.ComponentModel.DataAnnotations;

namespace LeadsAssurance.Domain.Data;

/// <summary>
/// The "Database" section: how many PostgreSQL connections one node may hold, and how long a request waits for one.
/// A node opens at most <see cref="MaxPoolSize"/> + <see cref="IngestionPoolSize"/> + <see cref="JobsPoolSize"/> + 1
/// (the event listener) connections; with the defaults 40, so two nodes fit PostgreSQL's default
/// max_connections = 100 (97 for applications) with room for an operator's psql.
/// </summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary>The shared pool: EF Core, the market's hot path, the event bus, Data Protection keys.</summary>
    [Range(2, 1000)]
    public int MaxPoolSize { get; set; } = 30;

    /// <summary>Bulk ingestion (CSV batches, API bulk posts), kept apart so an import never starves the market.</summary>
    [Range(1, 1000)]
    public int IngestionPoolSize { get; set; } = 6;

    /// <summary>Quartz's clustered job store.</summary>
    [Range(1, 100)]
    public int JobsPoolSize { get; set; } = 3;

    /// <summary>How long a request waits for a free connection before it is answered 503 with Retry-After.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:02:00")]
    public TimeSpan ConnectionWait { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How this node's connections are named in pg_stat_activity (suffixed -ingestion, -jobs, -listener per pool):
    /// give each node its own to see which one holds what.
    /// </summary>
    [Required, RegularExpression("^[A-Za-z0-9_.@-]{1,40}$")]
    public string ApplicationName { get; set; } = "leadsassurance";

    /// <summary>Connections one node holds at most: what the README's formula for N nodes multiplies.</summary>
    public int ConnectionsPerNode => MaxPoolSize + IngestionPoolSize + JobsPoolSize + 1;
}
