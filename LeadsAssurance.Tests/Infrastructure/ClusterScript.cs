using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace LeadsAssurance.Tests.Infrastructure;

/// <summary>
/// Drives deploy/local/cluster.sh: its own folder and free ports, the app published once per process, and the settings
/// the nodes get. Shared by the multi-node tests (<see cref="LocalCluster"/>) and the benchmarks, which link this file.
/// </summary>
public sealed class ClusterScript(IReadOnlyDictionary<string, string> nodeSettings, int nodes = 2)
{
    private static readonly SemaphoreSlim PublishLock = new(1, 1);
    private static string? _publishedDll;

    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "leadsassurance-cluster", Guid.NewGuid().ToString("N")[..8]);
    public int HttpPort { get; } = FreePorts(1);
    public int FirstNodePort { get; } = FreePorts(nodes);
    public int PostgresPort { get; } = FreePorts(1);
    public int Nodes => nodes;

    public Uri Proxy => new($"http://127.0.0.1:{HttpPort}/");

    public Uri Node(int node) => new($"http://127.0.0.1:{FirstNodePort + node - 1}/");

    /// <summary>The cluster's PostgreSQL (started by the script), unpooled: tests and benches read it now and then.</summary>
    public string ConnectionString =>
        $"Host=127.0.0.1;Port={PostgresPort};Database=leadsassurance;Username=leadsassurance;Password={File.ReadAllText(Path.Combine(Folder, "postgres.password")).Trim()};Pooling=false";

    public string ImportFolder => Path.Combine(Folder, "imports");

    public Task StartAsync() => RunAsync("start");

    public async Task StopAsync()
    {
        try
        {
            await RunAsync("stop");
        }
        finally
        {
            try
            {
                Directory.Delete(Folder, recursive: true);
            }
            catch (IOException e)
            {
                Console.Error.WriteLine($"Could not delete the cluster folder {Folder}: {e.Message}");
            }
        }
    }

    public Task KillNodeAsync(int node) => RunAsync($"kill-node {node}");

    public Task StartNodeAsync(int node) => RunAsync($"start-node {node}");

    public Task RestartPostgresAsync() => RunAsync("pg-restart");

    /// <summary>The process id of a node, to read its memory or CPU from /proc.</summary>
    public int NodeProcessId(int node) => int.Parse(File.ReadAllText(Path.Combine(Folder, $"node{node}.pid")).Trim(), CultureInfo.InvariantCulture);

    private async Task RunAsync(string command)
    {
        Directory.CreateDirectory(Folder);
        var info = new ProcessStartInfo("bash", $"\"{Path.Combine(RepositoryRoot, "deploy", "local", "cluster.sh")}\" {command}")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        info.Environment["CLUSTER_DIR"] = Folder;
        info.Environment["CLUSTER_NODES"] = nodes.ToString(CultureInfo.InvariantCulture);
        info.Environment["CLUSTER_HTTP_PORT"] = HttpPort.ToString(CultureInfo.InvariantCulture);
        info.Environment["CLUSTER_NODE_PORT"] = FirstNodePort.ToString(CultureInfo.InvariantCulture);
        info.Environment["CLUSTER_PG_PORT"] = PostgresPort.ToString(CultureInfo.InvariantCulture);
        info.Environment["CLUSTER_APP_DLL"] = await PublishedAppAsync();
        info.Environment["CLUSTER_READY_TIMEOUT"] = "180";
        foreach (var (key, value) in nodeSettings)
            info.Environment[key] = value;
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"cluster.sh {command} failed ({process.ExitCode}):\n{await stderr}\n{await stdout}\n{NodeLogs()}");
    }

    private string NodeLogs() => !Directory.Exists(Folder) ? "" : string.Join("\n", Directory.EnumerateFiles(Folder, "*.log").Select(f =>
        $"--- {Path.GetFileName(f)}\n{string.Join("\n", File.ReadLines(f).TakeLast(40))}"));

    /// <summary>
    /// Outside Development the app serves its static files (Blazor's script, MudBlazor) from a published folder, as
    /// in production: the build output is published once per process (no compilation).
    /// </summary>
    private static async Task<string> PublishedAppAsync()
    {
        await PublishLock.WaitAsync();
        try
        {
            if (_publishedDll is not null)
                return _publishedDll;
            var output = Path.Combine(Path.GetTempPath(), "leadsassurance-cluster", "app-" + Guid.NewGuid().ToString("N")[..8]);
            var project = Path.Combine(RepositoryRoot, "LeadsAssurance.Web", "LeadsAssurance.Web.csproj");
            var release = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}");
            var info = new ProcessStartInfo("dotnet", $"publish \"{project}\" -c {(release ? "Release" : "Debug")} --no-build -o \"{output}\" -p:UseAppHost=false")
            {
                RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            };
            using var process = Process.Start(info)!;
            var log = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            if (process.ExitCode != 0)
                throw new InvalidOperationException($"dotnet publish failed:\n{await log}\n{await errors}");
            AppDomain.CurrentDomain.ProcessExit += (_, _) =>
            {
                try
                {
                    Directory.Delete(output, true);
                }
                catch (IOException)
                {
                }
            };
            return _publishedDll = Path.Combine(output, "LeadsAssurance.Web.dll");
        }
        finally
        {
            PublishLock.Release();
        }
    }

    private static string RepositoryRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "LeadsAssurance.Blazor.sln")))
                    return dir.FullName;
            throw new InvalidOperationException("The repository root (LeadsAssurance.Blazor.sln) was not found above " + AppContext.BaseDirectory);
        }
    }

    /// <summary>The first of <paramref name="count"/> consecutive free loopback ports.</summary>
    private static int FreePorts(int count)
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            using var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var first = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            if (first + count < 65535 && Enumerable.Range(first, count).All(IsFree))
                return first;
        }
        throw new InvalidOperationException("No free consecutive loopback ports.");
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
