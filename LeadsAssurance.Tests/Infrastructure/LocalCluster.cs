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

    private ClusterScript _script = null!;
    private IPlaywright? _playwright;

    public Uri Proxy => _script.Proxy;
    public Uri Node(int node) => _script.Node(node);
    public string ConnectionString { get; private set; } = "";
    public string ImportFolder => _script.ImportFolder;
    public IBrowser Browser { get; private set; } = null!;
    public FakeStripe Stripe { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Stripe = await FakeStripe.StartAsync();
        _script = new ClusterScript(new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Staging",
            ["Bootstrap__AdminEmail"] = AdminEmail,
            ["Bootstrap__AdminPassword"] = AdminPassword,
            ["Bootstrap__AdminApiKey"] = AdminApiKey,
            ["Market__HoldDuration"] = HoldDuration.ToString(),
            ["Market__ExpirySweepInterval"] = "00:00:01",
            ["Import__ResumeInterval"] = "00:00:03",
            ["Quartz__CheckinInterval"] = "00:00:02",
            ["Stripe__SecretKey"] = FakeStripe.SecretKey,
            ["Stripe__WebhookSecret"] = FakeStripe.WebhookSecret,
            ["Stripe__ApiBase"] = Stripe.BaseUrl,
            ["Logging__LogLevel__Default"] = "Information",
            // Every simulated browser and client comes from 127.0.0.1: per-address budgets would throttle the test itself.
            ["RateLimits__Login__PermitLimit"] = "100000",
            ["RateLimits__UnknownApiKeys__PermitLimit"] = "100000",
            ["RateLimits__ConsentChecks__PermitLimit"] = "100000",
        });
        await _script.StartAsync();
        ConnectionString = _script.ConnectionString;
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
        await _script.StopAsync();
        if (Stripe is not null)
            await Stripe.DisposeAsync();
    }

    public Task KillNodeAsync(int node) => _script.KillNodeAsync(node);

    public Task StartNodeAsync(int node) => _script.StartNodeAsync(node);

    public Task RestartPostgresAsync() => _script.RestartPostgresAsync();

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
    public Task<(Guid Id, string ApiKey, string Email)> CreateAccountAsync(string role) =>
        ClusterApi.CreateAccountAsync(Client(Node(1), AdminApiKey), role);

    public async Task<T> QueryAsync<T>(string sql, params object[] parameters)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var p in parameters)
            command.Parameters.Add(new NpgsqlParameter { Value = p });
        return (T)(await command.ExecuteScalarAsync())!;
    }
}

/// <summary>
/// The cluster's tests run one after the other and apart from the rest of the suite: they kill nodes and restart
/// PostgreSQL, and some of what they check is a time limit the issue sets (back within 10 s of a restart).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class LocalClusterCollection : ICollectionFixture<LocalCluster>
{
    public const string Name = "Two nodes behind nginx";
}
