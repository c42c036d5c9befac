namespace LeadsAssurance.Web.Hosting;
// TEMPORARY STUB: replaced by the real implementation.
public sealed class EmbeddedPostgresOptions { public string DataDirectory { get; set; } = ".data/postgres"; public int? Port { get; set; } public string Database { get; set; } = "leadsassurance"; public bool FastUnsafe { get; set; } }
public sealed class EmbeddedPostgres : IAsyncDisposable
{
    public static EmbeddedPostgres Start(EmbeddedPostgresOptions options, ILogger logger) => throw new NotImplementedException();
    public string ConnectionString => "";
    public string ConnectionStringFor(string database) => database;
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
