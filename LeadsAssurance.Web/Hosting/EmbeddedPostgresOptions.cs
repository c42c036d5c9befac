namespace LeadsAssurance.Web.Hosting;

/// <summary>Where and how the embedded PostgreSQL cluster runs.</summary>
public sealed class EmbeddedPostgresOptions
{
    /// <summary>The cluster's data directory (absolute, or relative to the current directory).</summary>
    public string DataDirectory { get; set; } = ".data/postgres";

    /// <summary>Null: the port recorded by a previous run, else a free one.</summary>
    public int? Port { get; set; }

    public string Database { get; set; } = "leadsassurance";

    /// <summary>No fsync, no synchronous commit: for throwaway test clusters only.</summary>
    public bool FastUnsafe { get; set; }
}

public sealed class EmbeddedPostgresException(string message) : Exception(message);
