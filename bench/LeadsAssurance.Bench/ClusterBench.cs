using LeadsAssurance.Tests.Infrastructure;

namespace LeadsAssurance.Bench;

/// <summary>The two-node topology of deploy/local/cluster.sh, for the benchmarks that need real nodes behind nginx.</summary>
public sealed class ClusterBench : IAsyncDisposable
{
    public const string AdminApiKey = "la_bench_admin_key_0123456789abcdef";

    private ClusterBench(ClusterScript script) => Script = script;

    public ClusterScript Script { get; }

    public static async Task<ClusterBench> StartAsync(IDictionary<string, string>? settings = null)
    {
        var all = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Staging",
            ["Bootstrap__AdminEmail"] = "admin@bench.leadsassurance.fr",
            ["Bootstrap__AdminPassword"] = "Admin!Bench2026",
            ["Bootstrap__AdminApiKey"] = AdminApiKey,
            ["Logging__LogLevel__Default"] = "Warning",
            ["Metrics__Enabled"] = "true",
            ["RateLimits__ProviderApi__PermitsPerMinute"] = "100000000",
            ["RateLimits__ProviderApi__Burst"] = "1000000",
            // Every simulated browser and client comes from 127.0.0.1: per-address budgets would throttle the test itself.
            ["RateLimits__Login__PermitLimit"] = "100000",
            ["RateLimits__UnknownApiKeys__PermitLimit"] = "100000",
            ["RateLimits__ConsentChecks__PermitLimit"] = "100000",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
            all[key] = value;
        var script = new ClusterScript(all);
        await script.StartAsync();
        return new ClusterBench(script);
    }

    public HttpClient Client(Uri baseAddress, string? apiKey = null)
    {
        var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256, UseCookies = false }) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
        if (apiKey is not null)
            client.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        return client;
    }

    public HttpClient Admin => Client(Script.Node(1), AdminApiKey);

    public ValueTask DisposeAsync() => new(Script.StopAsync());
}
