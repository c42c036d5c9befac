using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using Microsoft.Playwright;
using Npgsql;

namespace LeadsAssurance.Tests.Infrastructure;

/// <summary>
/// The production topology, started by deploy/local/cluster.sh as an operator would: its own PostgreSQL at the
/// server's defaults, two app nodes as real processes (the app published once per test run) and nginx in front
/// (sticky sessions, WebSockets). Tests kill nodes, restart PostgreSQL and talk to each node or to the proxy.
/// </summary>
public sealed class LocalCluster : IAsyncLifetime
{
    public const string AdminApiKey = "la_cluster_admin_key_0123456789abcdef";
    public const string AdminEmail = "admin@cluster.leadsassurance.fr";
    public const string AdminPassword = "Admin!Cluster2026";

    /// <summary>Short enough for expiry tests to see holds end, long enough to hold and pay through a browser.</summary>
    public static readonly TimeSpan HoldDuration = TimeSpan.FromSeconds(12);

    private static readonly SemaphoreSlim PublishLock = new(1, 1);
    private static string? _publishedDll;

    private readonly string _dir = Path.Combine(Path.GetTempPath(), "leadsassurance-cluster", Guid.NewGuid().ToString("N")[..8]);
    private readonly int _httpPort = FreePort();
    private readonly int _nodePort = FreePorts(2);
    private readonly int _pgPort = FreePort();
    private IPlaywright? _playwright;

    public Uri Proxy => new($"http://127.0.0.1:{_httpPort}/");
    public Uri Node(int node) => new($"http://127.0.0.1:{_nodePort + node - 1}/");
    public string ConnectionString { get; private set; } = "";
    public string ImportFolder => Path.Combine(_dir, "imports");
    public IBrowser Browser { get; private set; } = null!;
    public FakeStripe Stripe { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_dir);
        Stripe = await FakeStripe.StartAsync();
        await RunAsync("start");
        var password = (await File.ReadAllTextAsync(Path.Combine(_dir, "postgres.password"))).Trim();
        ConnectionString = $"Host=127.0.0.1;Port={_pgPort};Database=leadsassurance;Username=leadsassurance;Password={password};Pooling=false";
        _playwright = await Playwright.CreateAsync();
        Browser = await Chromium.LaunchAsync(_playwright);
        // Retrying assertions wait for what the nodes push; a node that just started needs longer than in process.
        Assertions.SetDefaultExpectTimeout(20_000);
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
            await Browser.DisposeAsync();
        _playwright?.Dispose();
        try
        {
            await RunAsync("stop");
            if (Stripe is not null)
                await Stripe.DisposeAsync();
        }
        finally
        {
            try
            {
                Directory.Delete(_dir, recursive: true);
            }
            catch (IOException e)
            {
                Console.Error.WriteLine($"Could not delete the cluster folder {_dir}: {e.Message}");
            }
        }
    }

    public Task KillNodeAsync(int node) => RunAsync($"kill-node {node}");

    public Task StartNodeAsync(int node) => RunAsync($"start-node {node}");

    public Task RestartPostgresAsync() => RunAsync("pg-restart");

    /// <summary>A fresh node compiles each page on its first visit: the cluster's pages get more time than the in-process ones.</summary>
    public async Task<IPage> NewPageAsync(Uri? baseAddress = null)
    {
        var page = await Chromium.NewPageAsync(Browser, baseAddress ?? Proxy);
        page.Context.SetDefaultTimeout(45_000);
        return page;
    }

    public HttpClient Client(Uri baseAddress, string? apiKey = null)
    {
        var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = baseAddress };
        if (apiKey is not null)
            client.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        return client;
    }

    /// <summary>An approved account with an API key, created through the admin API of node 1.</summary>
    public async Task<(Guid Id, string ApiKey, string Email)> CreateAccountAsync(string role, string password = "Passw0rd!x")
    {
        var admin = Client(Node(1), AdminApiKey);
        var email = $"{role.ToLowerInvariant()}-{Guid.NewGuid():N}@cluster.fr";
        var created = await admin.PostAsJsonAsync("/api/v1/admin/accounts", new
        {
            email, password, role, companyName = $"{role} Cluster SAS", siren = "732829320", oriasNumber = role == "Broker" ? "12345678" : null,
        });
        created.EnsureSuccessStatusCode();
        var id = (await created.Content.ReadFromJsonAsync<IdResponse>())!.Id;
        (await admin.PostAsync($"/api/v1/admin/accounts/{id}/approve", null)).EnsureSuccessStatusCode();
        var key = await admin.PostAsJsonAsync($"/api/v1/admin/accounts/{id}/api-keys", new { name = "cluster" });
        key.EnsureSuccessStatusCode();
        return (id, (await key.Content.ReadFromJsonAsync<KeyResponse>())!.Key, email);
    }

    public async Task<T> QueryAsync<T>(string sql, params object[] parameters)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var p in parameters)
            command.Parameters.Add(new NpgsqlParameter { Value = p });
        return (T)(await command.ExecuteScalarAsync())!;
    }

    private async Task RunAsync(string command)
    {
        var info = new ProcessStartInfo("bash", $"\"{Script}\" {command}")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        info.Environment["CLUSTER_DIR"] = _dir;
        info.Environment["CLUSTER_HTTP_PORT"] = _httpPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        info.Environment["CLUSTER_NODE_PORT"] = _nodePort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        info.Environment["CLUSTER_PG_PORT"] = _pgPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        info.Environment["CLUSTER_APP_DLL"] = await PublishedAppAsync();
        info.Environment["CLUSTER_READY_TIMEOUT"] = "180";
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Staging";
        info.Environment["Bootstrap__AdminEmail"] = AdminEmail;
        info.Environment["Bootstrap__AdminPassword"] = AdminPassword;
        info.Environment["Bootstrap__AdminApiKey"] = AdminApiKey;
        info.Environment["Market__HoldDuration"] = HoldDuration.ToString();
        info.Environment["Market__ExpirySweepInterval"] = "00:00:01";
        info.Environment["Import__ResumeInterval"] = "00:00:03";
        info.Environment["Quartz__CheckinInterval"] = "00:00:02";
        info.Environment["Stripe__SecretKey"] = FakeStripe.SecretKey;
        info.Environment["Stripe__WebhookSecret"] = FakeStripe.WebhookSecret;
        info.Environment["Stripe__ApiBase"] = Stripe.BaseUrl;
        info.Environment["Logging__LogLevel__Default"] = "Information";
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"cluster.sh {command} failed ({process.ExitCode}):\n{await stderr}\n{await stdout}\n{NodeLogs()}");
    }

    private string NodeLogs() => string.Join("\n", Directory.EnumerateFiles(_dir, "*.log").Select(f =>
        $"--- {Path.GetFileName(f)}\n{string.Join("\n", File.ReadLines(f).TakeLast(40))}"));

    /// <summary>
    /// Outside Development the app serves its static files (Blazor's script, MudBlazor) from a published folder, as
    /// in production: the build output is published once per test run (no compilation).
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
            var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}") ? "Release" : "Debug";
            var info = new ProcessStartInfo("dotnet", $"publish \"{project}\" -c {configuration} --no-build -o \"{output}\" -p:UseAppHost=false")
            {
                RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            };
            using var process = Process.Start(info)!;
            var log = process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();
            if (process.ExitCode != 0)
                throw new InvalidOperationException($"dotnet publish failed:\n{await log}\n{await process.StandardError.ReadToEndAsync()}");
            AppDomain.CurrentDomain.ProcessExit += (_, _) => { try { Directory.Delete(output, true); } catch (IOException) { } };
            return _publishedDll = Path.Combine(output, "LeadsAssurance.Web.dll");
        }
        finally
        {
            PublishLock.Release();
        }
    }

    private static string Script => Path.Combine(RepositoryRoot, "deploy", "local", "cluster.sh");

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

    private static int FreePort() => FreePorts(1);

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

    private sealed record IdResponse(Guid Id);
    private sealed record KeyResponse(string Key);
}

[CollectionDefinition(Name)]
public sealed class LocalClusterCollection : ICollectionFixture<LocalCluster>
{
    public const string Name = "Two nodes behind nginx";
}
