using LeadsAssurance.Domain.Catalog;
using LeadsAssurance.Domain.Data;
using LeadsAssurance.Web.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace LeadsAssurance.Tests.Infrastructure;

/// <summary>
/// One PostgreSQL server per test run, at the server's default settings (max_connections = 100) as operators run it:
/// the machine's binaries started in a throwaway folder, or the server named by LEADS_TEST_CONNECTION. A migrated,
/// catalogue-seeded template database is made once per run; each test class gets a fresh copy of it (CREATE DATABASE
/// ... TEMPLATE, a few tens of milliseconds) and drops it when done. Names carry the run's id, so two runs on one
/// external server never touch each other's databases.
/// </summary>
public static class TestPostgres
{
    private static readonly string RunId = Guid.NewGuid().ToString("N")[..8];
    private static readonly string TemplateName = $"la_test_template_{RunId}";
    private static readonly Lazy<Task<NpgsqlConnectionStringBuilder>> Server = new(StartAsync);
    private static readonly SemaphoreSlim CreateLock = new(1, 1);
    private static EmbeddedPostgres? _embedded;
    private static string? _folder;

    /// <summary>A new database with the schema and the 18 products; returns its connection string.</summary>
    public static async Task<string> CreateDatabaseAsync(bool fromTemplate = true)
    {
        var server = await Server.Value;
        var name = $"la_{RunId}_{Guid.NewGuid().ToString("N")[..12]}";
        await CreateLock.WaitAsync();
        try
        {
            await ExecuteAsync(server, fromTemplate ? $"create database {name} template {TemplateName}" : $"create database {name}");
        }
        finally
        {
            CreateLock.Release();
        }
        return new NpgsqlConnectionStringBuilder(server.ConnectionString) { Database = name }.ConnectionString;
    }

    /// <summary>
    /// Drops a test database and empties its client pools (idle pooled connections would otherwise count against
    /// max_connections for five minutes after their test class ended).
    /// </summary>
    public static async Task DropDatabaseAsync(string connectionString)
    {
        if (string.IsNullOrEmpty(connectionString))
            return;
        NpgsqlConnection.ClearPool(new NpgsqlConnection(connectionString));
        var server = await Server.Value;
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        await ExecuteAsync(server, $"drop database if exists {name} with (force)");
    }

    private static async Task<NpgsqlConnectionStringBuilder> StartAsync()
    {
        var external = Environment.GetEnvironmentVariable("LEADS_TEST_CONNECTION");
        NpgsqlConnectionStringBuilder server;
        if (!string.IsNullOrWhiteSpace(external))
            server = new NpgsqlConnectionStringBuilder(external) { Database = "postgres" };
        else
        {
            var root = Path.Combine(Path.GetTempPath(), "leadsassurance-tests");
            DeleteStoppedClusters(root);
            _folder = Path.Combine(root, Guid.NewGuid().ToString("N")[..8]);
            _embedded = EmbeddedPostgres.Start(
                new EmbeddedPostgresOptions { DataDirectory = Path.Combine(_folder, "postgres"), FastUnsafe = true, Database = "postgres" },
                NullLogger.Instance);
            AppDomain.CurrentDomain.ProcessExit += (_, _) => StopEmbedded();
            server = new NpgsqlConnectionStringBuilder(_embedded.ConnectionString) { Database = "postgres" };
        }

        await ExecuteAsync(server, $"create database {TemplateName}");
        if (_embedded is null)
            AppDomain.CurrentDomain.ProcessExit += (_, _) => DropTemplate(server);
        var template = new NpgsqlConnectionStringBuilder(server.ConnectionString) { Database = TemplateName }.ConnectionString;
        await using (var db = AppDbContextOptions.Create(template))
        {
            await db.Database.MigrateAsync();
            await CatalogSeed.EnsureSeededAsync(db, TimeProvider.System);
        }
        // A template cannot be copied while anyone is connected to it.
        NpgsqlConnection.ClearAllPools();
        return server;
    }

    private static async Task ExecuteAsync(NpgsqlConnectionStringBuilder server, string sql)
    {
        await using var connection = new NpgsqlConnection(server.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// Earlier runs' folders whose server is stopped: the test host is often ended before its exit handler gets to
    /// delete its own (80 MB each). A folder younger than ten minutes may be another run starting: it is left alone.
    /// </summary>
    private static void DeleteStoppedClusters(string root)
    {
        if (!Directory.Exists(root))
            return;
        foreach (var folder in Directory.EnumerateDirectories(root))
        {
            if (Directory.GetLastWriteTimeUtc(folder) > DateTime.UtcNow.AddMinutes(-10) || ServerRuns(Path.Combine(folder, "postgres", "postmaster.pid")))
                continue;
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"Could not delete the stopped test cluster {folder}: {e.Message}");
            }
        }
    }

    private static bool ServerRuns(string pidFile)
    {
        try
        {
            return File.Exists(pidFile) && int.TryParse(File.ReadLines(pidFile).FirstOrDefault(), out var pid)
                && !System.Diagnostics.Process.GetProcessById(pid).HasExited;
        }
        catch (Exception e) when (e is ArgumentException or IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>On an external server the run's template goes when the run ends (the test databases went with their classes).</summary>
    private static void DropTemplate(NpgsqlConnectionStringBuilder server)
    {
        try
        {
            NpgsqlConnection.ClearAllPools();
            ExecuteAsync(server, $"drop database if exists {TemplateName} with (force)").GetAwaiter().GetResult();
        }
        catch (Exception e)
        {
            Console.Error.WriteLine($"Could not drop the test template {TemplateName}: {e.Message}");
        }
    }

    private static void StopEmbedded()
    {
        try
        {
            NpgsqlConnection.ClearAllPools();
            _embedded?.Stop();
            if (_folder is not null && Directory.Exists(_folder))
                Directory.Delete(_folder, recursive: true);
        }
        catch (Exception e)
        {
            Console.Error.WriteLine($"Test PostgreSQL cleanup failed: {e.Message}");
        }
    }
}
