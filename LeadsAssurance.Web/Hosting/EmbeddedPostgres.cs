using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace LeadsAssurance.Web.Hosting;

/// <summary>
/// A private PostgreSQL cluster started from the machine's binaries, so the app runs with nothing configured.
/// Created on first use (initdb, scram-sha-256, a random password kept beside the data), reused afterwards.
/// As root it runs as the "postgres" system user, since PostgreSQL refuses to run as root.
/// </summary>
public sealed class EmbeddedPostgres : IAsyncDisposable
{
    private const string SuperUser = "leadsassurance";
    private readonly ILogger _logger;
    private readonly string _binDir;
    private readonly bool _asPostgresUser;
    private bool _startedHere;

    private EmbeddedPostgres(string binDir, string dataDirectory, ILogger logger)
    {
        _binDir = binDir;
        DataDirectory = dataDirectory;
        _logger = logger;
        _asPostgresUser = Environment.UserName == "root";
    }

    public string DataDirectory { get; }
    public int Port { get; private set; }
    public string ConnectionString { get; private set; } = "";
    private string Password { get; set; } = "";
    private string StateFolder => Path.GetDirectoryName(DataDirectory)!;
    // Inside the data directory: the only folder the postgres user is sure to own when we run as root.
    private string LogFile => Path.Combine(DataDirectory, "server.log");

    public static EmbeddedPostgres Start(EmbeddedPostgresOptions options, ILogger logger)
    {
        var binDir = FindBinaries() ?? throw new EmbeddedPostgresException(
            "PostgreSQL server binaries (initdb, pg_ctl) were not found. Install them (Debian/Ubuntu: " +
            "apt-get install postgresql) or set ConnectionStrings:Default to an existing PostgreSQL server.");
        var dataDir = Path.GetFullPath(options.DataDirectory);
        if (Environment.UserName == "root" && !PostgresUserCanReach(Path.GetDirectoryName(dataDir)!))
        {
            var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(dataDir)))[..12];
            var fallback = Path.Combine("/var/lib/leadsassurance", hash, "postgres");
            logger.LogWarning("The postgres user cannot reach {Folder}; the embedded cluster lives in {Fallback} instead", dataDir, fallback);
            dataDir = fallback;
        }
        var server = new EmbeddedPostgres(binDir, dataDir, logger);
        server.Run(options);
        return server;
    }

    public string ConnectionStringFor(string database) =>
        new NpgsqlConnectionStringBuilder(ConnectionString) { Database = database }.ConnectionString;

    private void Run(EmbeddedPostgresOptions options)
    {
        Directory.CreateDirectory(StateFolder);
        if (!File.Exists(Path.Combine(DataDirectory, "PG_VERSION")))
            InitCluster();
        Password = File.ReadAllText(CredentialsFile).Trim();
        Port = options.Port ?? ReadRecordedPort() ?? FreePort();
        File.WriteAllText(PortFile, Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        ConnectionString = new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1", Port = Port, Username = SuperUser, Password = Password, Database = "postgres",
        }.ConnectionString;

        if (PgCtl($"status -D \"{DataDirectory}\"", throwOnError: false).ExitCode == 0)
            _logger.LogInformation("Reusing the PostgreSQL server already running on {Folder}", DataDirectory);
        else
        {
            // max_connections stays at the server's default (100), as operators run it: the app's pools are sized
            // to fit (DatabaseOptions), and a raised limit here would hide it when they are not.
            var settings = $"-p {Port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=''";
            if (options.FastUnsafe)
                settings += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off";
            var start = PgCtl($"start -w -t 60 -D \"{DataDirectory}\" -l \"{LogFile}\" -o \"{settings}\"", throwOnError: false);
            if (start.ExitCode != 0)
                throw new EmbeddedPostgresException($"PostgreSQL did not start ({start.Output.Trim()}). Log:\n{TailLog()}");
            _startedHere = true;
            _logger.LogInformation("Embedded PostgreSQL started on 127.0.0.1:{Port} ({Folder})", Port, DataDirectory);
        }
        WaitForConnections();
        EnsureDatabase(options.Database);
        ConnectionString = ConnectionStringFor(options.Database);
    }

    private string CredentialsFile => Path.Combine(StateFolder, "postgres.credentials");
    private string PortFile => Path.Combine(StateFolder, "postgres.port");

    private void InitCluster()
    {
        Directory.CreateDirectory(DataDirectory);
        var password = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        File.WriteAllText(CredentialsFile, password);
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(CredentialsFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var pwFile = Path.Combine(StateFolder, ".initdb-pw");
        File.WriteAllText(pwFile, password);
        try
        {
            if (_asPostgresUser)
                Exec("chown", $"-R postgres:postgres \"{DataDirectory}\" \"{pwFile}\"");
            var args = $"-D \"{DataDirectory}\" -U {SuperUser} --pwfile=\"{pwFile}\" --auth=scram-sha-256 --encoding=UTF8";
            var init = Tool("initdb", $"{args} --locale=C.UTF-8", throwOnError: false);
            if (init.ExitCode != 0)
            {
                Directory.Delete(DataDirectory, recursive: true);
                Directory.CreateDirectory(DataDirectory);
                if (_asPostgresUser)
                    Exec("chown", $"-R postgres:postgres \"{DataDirectory}\"");
                Tool("initdb", $"{args} --locale=C", throwOnError: true);
            }
            _logger.LogInformation("Created a PostgreSQL cluster in {Folder}", DataDirectory);
        }
        finally
        {
            File.Delete(pwFile);
        }
    }

    private void WaitForConnections()
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                using var connection = new NpgsqlConnection(ConnectionString);
                connection.Open();
                return;
            }
            catch (Exception e) when (e is NpgsqlException or SocketException && DateTime.UtcNow < deadline)
            {
                Thread.Sleep(200);
            }
        }
    }

    private void EnsureDatabase(string database)
    {
        using var connection = new NpgsqlConnection(ConnectionString);
        connection.Open();
        using var exists = new NpgsqlCommand("select 1 from pg_database where datname = @name", connection);
        exists.Parameters.AddWithValue("name", database);
        if (exists.ExecuteScalar() is not null)
            return;
        using var create = new NpgsqlCommand($"create database \"{database.Replace("\"", "\"\"")}\"", connection);
        create.ExecuteNonQuery();
    }

    public void Stop()
    {
        if (!_startedHere)
            return;
        _startedHere = false;
        NpgsqlConnection.ClearAllPools();
        var stop = PgCtl($"stop -D \"{DataDirectory}\" -m fast -w -t 30", throwOnError: false);
        if (stop.ExitCode != 0)
            _logger.LogError("Stopping the embedded PostgreSQL failed: {Output}", stop.Output);
        else
            _logger.LogInformation("Embedded PostgreSQL stopped");
    }

    public ValueTask DisposeAsync()
    {
        Stop();
        return ValueTask.CompletedTask;
    }

    private int? ReadRecordedPort() =>
        File.Exists(PortFile) && int.TryParse(File.ReadAllText(PortFile).Trim(), out var port) ? port : null;

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private string TailLog() =>
        File.Exists(LogFile) ? string.Join('\n', File.ReadLines(LogFile).TakeLast(20)) : "(no log)";

    private (int ExitCode, string Output) PgCtl(string args, bool throwOnError) => Tool("pg_ctl", args, throwOnError);

    private (int ExitCode, string Output) Tool(string tool, string args, bool throwOnError)
    {
        var path = Path.Combine(_binDir, tool);
        return _asPostgresUser
            ? Exec("runuser", $"-u postgres -- \"{path}\" {args}", throwOnError)
            : Exec(path, args, throwOnError);
    }

    private static (int ExitCode, string Output) Exec(string file, string args, bool throwOnError = true)
    {
        var info = new ProcessStartInfo(file, args)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = "/",
        };
        using var process = Process.Start(info) ?? throw new EmbeddedPostgresException($"Could not run {file}.");
        // pg_ctl start leaves the server holding inherited pipes: read until exit, not until end of stream.
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(120)))
        {
            process.Kill(entireProcessTree: true);
            throw new EmbeddedPostgresException($"{file} {args} timed out.");
        }
        var output = (stdout.Wait(TimeSpan.FromSeconds(2)) ? stdout.Result : "") + (stderr.Wait(TimeSpan.FromSeconds(2)) ? stderr.Result : "");
        if (throwOnError && process.ExitCode != 0)
            throw new EmbeddedPostgresException($"{Path.GetFileName(file)} failed ({process.ExitCode}): {output.Trim()}");
        return (process.ExitCode, output);
    }

    private static bool PostgresUserCanReach(string folder)
    {
        var existing = folder;
        while (!Directory.Exists(existing))
            existing = Path.GetDirectoryName(existing)!;
        return Exec("runuser", $"-u postgres -- test -x \"{existing}\"", throwOnError: false).ExitCode == 0;
    }

    private static string? FindBinaries()
    {
        static bool Has(string dir) => File.Exists(Path.Combine(dir, "initdb")) && File.Exists(Path.Combine(dir, "pg_ctl"));
        try
        {
            var pgConfig = Exec("pg_config", "--bindir", throwOnError: false);
            var dir = pgConfig.Output.Trim();
            if (pgConfig.ExitCode == 0 && Has(dir))
                return dir;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // pg_config is not installed: look in the usual Debian place.
        }
        return Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Select(d => Path.Combine(d, "bin")).Where(Has)
                .OrderByDescending(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var v) ? v : 0)
                .FirstOrDefault()
            : null;
    }
}
