using System.Collections.Concurrent;
using System.Diagnostics;
using LeadsAssurance.Tests.Infrastructure;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace LeadsAssurance.Bench;

/// <summary>
/// Push across nodes: a hold committed through node 1 reaches hub clients on node 1 (same node) and on node 2 (through
/// PostgreSQL NOTIFY), in the same rounds, each measured from the hold call to the receipt.
/// </summary>
public static class ClusterPushBench
{
    public static async Task RunAsync(int clientsPerNode, int rounds)
    {
        await using var cluster = await ClusterBench.StartAsync(new Dictionary<string, string> { ["Market__MaxActiveHolds"] = "100" });
        var (_, providerKey, _) = await ClusterApi.CreateAccountAsync(cluster.Admin, "Provider");
        var (_, brokerKey, _) = await ClusterApi.CreateAccountAsync(cluster.Admin, "Broker");
        var (_, watcherKey, _) = await ClusterApi.CreateAccountAsync(cluster.Admin, "Broker");
        var sent = new ConcurrentDictionary<Guid, long>();
        var samples = new[] { new ConcurrentBag<double>(), new ConcurrentBag<double>() };
        var connections = new List<HubConnection>();
        for (var node = 1; node <= 2; node++)
            for (var c = 0; c < clientsPerNode; c++)
            {
                var bag = samples[node - 1];
                var hub = new HubConnectionBuilder()
                    .WithUrl(new Uri(cluster.Script.Node(node), "/hubs/market"), o => { o.Headers["X-Api-Key"] = watcherKey; o.Transports = HttpTransportType.WebSockets; })
                    .Build();
                hub.On<System.Text.Json.JsonElement>("LeadReserved", e =>
                {
                    var now = Stopwatch.GetTimestamp();
                    if (sent.TryGetValue(e.GetProperty("leadId").GetGuid(), out var start) && start > 0)
                        bag.Add(Stopwatch.GetElapsedTime(start, now).TotalMilliseconds);
                });
                await hub.StartAsync();
                connections.Add(hub);
            }

        var provider = cluster.Client(cluster.Script.Node(1), providerKey);
        var broker = cluster.Client(cluster.Script.Node(1), brokerKey);
        const int warmUp = 10;
        var leads = await ClusterApi.PostLeadsAsync(provider, [.. Enumerable.Range(0, warmUp + rounds).Select(_ => ClusterApi.NewPhone())]);
        for (var i = 0; i < leads.Count; i++)
        {
            sent[leads[i]] = i < warmUp ? 0 : Stopwatch.GetTimestamp();
            (await broker.PostAsync($"/api/v1/market/{leads[i]}/reserve", null)).EnsureSuccessStatusCode();
            await Task.Delay(50);
        }
        await Task.Delay(1000);
        foreach (var hub in connections)
            await hub.DisposeAsync();

        var same = samples[0].ToList();
        var cross = samples[1].ToList();
        Console.WriteLine($"cross-node push, {rounds} holds through node 1, {clientsPerNode} hub clients on each node:");
        Console.WriteLine($"  same node (node 1):  {same.Count} receipts, p50 {Stats.Ms(Stats.Percentile(same, 50))}, p99 {Stats.Ms(Stats.Percentile(same, 99))}");
        Console.WriteLine($"  other node (node 2): {cross.Count} receipts, p50 {Stats.Ms(Stats.Percentile(cross, 50))}, p99 {Stats.Ms(Stats.Percentile(cross, 99))}");
        Console.WriteLine($"  ratio p99 other / same = {Stats.Percentile(cross, 99) / Stats.Percentile(same, 99):0.00} (target <= 2)");
    }
}
