using System.Diagnostics;
using LeadsAssurance.Domain.Accounts;
using LeadsAssurance.Domain.Market;
using LeadsAssurance.Web.Realtime;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace LeadsAssurance.Bench;

/// <summary>
/// From a hold's commit to its receipt by every connected hub client, against a bare broadcast of a payload of the
/// same size to the same clients, in the same run.
/// </summary>
public static class PushLatencyBench
{
    public static async Task RunAsync(BenchHost host, int clients, int rounds)
    {
        var keys = host.Services.GetRequiredService<ApiKeyService>();
        var broker = (await host.AddBrokersAsync(1))[0];
        var (_, key) = await keys.CreateAsync(broker, "bench", broker);
        var connections = new List<HubConnection>();
        var received = new long[rounds * 2][];
        for (var i = 0; i < received.Length; i++)
            received[i] = new long[clients];
        var reservedRound = new System.Collections.Concurrent.ConcurrentDictionary<Guid, int>();
        for (var c = 0; c < clients; c++)
        {
            var client = c;
            var connection = new HubConnectionBuilder()
                .WithUrl(new Uri(host.Address, MarketHub.Path), o => { o.Headers["X-Api-Key"] = key; o.Transports = HttpTransportType.WebSockets; })
                .Build();
            connection.On<System.Text.Json.JsonElement>("LeadReserved", e =>
            {
                var ts = Stopwatch.GetTimestamp();
                if (reservedRound.TryGetValue(e.GetProperty("leadId").GetGuid(), out var round) && round >= 0)
                    received[round][client] = ts;
            });
            connection.On<int, string>("Bench", (round, _) =>
            {
                var ts = Stopwatch.GetTimestamp();
                if (round >= 0)
                    received[rounds + round][client] = ts;
            });
            await connection.StartAsync();
            connections.Add(connection);
        }

        var market = host.Services.GetRequiredService<MarketService>();
        var hub = host.Services.GetRequiredService<IHubContext<MarketHub>>();
        // A few unmeasured rounds first (JIT, pools), then the measured ones.
        const int warmUp = 5;
        var warm = await host.AddLeadsAsync(broker, warmUp);
        for (var w = 0; w < warmUp; w++)
        {
            reservedRound[warm[w]] = -1;
            await market.ReserveAsync(warm[w], broker);
            await hub.Clients.All.SendAsync("Bench", -1, new string('x', 300));
        }
        await Task.Delay(500);

        var leads = await host.AddLeadsAsync(broker, rounds);
        var called = new long[rounds];
        var committed = new long[rounds];
        var sent = new long[rounds];
        for (var r = 0; r < rounds; r++)
        {
            reservedRound[leads[r]] = r;
            called[r] = Stopwatch.GetTimestamp();
            await market.ReserveAsync(leads[r], broker);
            // The hold call returns as soon as PostgreSQL acknowledged the commit (publication is queued, not awaited).
            committed[r] = Stopwatch.GetTimestamp();
            await WaitAllAsync(received[r]);
            var payload = new string('x', 300);
            sent[r] = Stopwatch.GetTimestamp();
            await hub.Clients.All.SendAsync("Bench", r, payload);
            await WaitAllAsync(received[rounds + r]);
        }

        var push = Latencies(committed, received.Take(rounds).ToArray());
        var fromCall = Latencies(called, received.Take(rounds).ToArray());
        var bare = Latencies(sent, received.Skip(rounds).ToArray());
        Console.WriteLine($"push latency to {clients} hub clients over {rounds} rounds:");
        Console.WriteLine($"  commit -> receipt (LeadReserved):    p50 {Stats.Ms(Stats.Percentile(push, 50))}, p99 {Stats.Ms(Stats.Percentile(push, 99))}");
        Console.WriteLine($"  hold call -> receipt (incl. the tx): p50 {Stats.Ms(Stats.Percentile(fromCall, 50))}, p99 {Stats.Ms(Stats.Percentile(fromCall, 99))}");
        Console.WriteLine($"  bare hub broadcast (300 B):          p50 {Stats.Ms(Stats.Percentile(bare, 50))}, p99 {Stats.Ms(Stats.Percentile(bare, 99))}");
        Console.WriteLine($"  ratio p99 push / bare = {Stats.Percentile(push, 99) / Stats.Percentile(bare, 99):0.00} (target p99 <= 50 ms and <= 2x bare)");
        foreach (var connection in connections)
            await connection.DisposeAsync();
    }

    private static async Task WaitAllAsync(long[] stamps)
    {
        var deadline = Stopwatch.StartNew();
        while (stamps.Any(s => s == 0) && deadline.Elapsed < TimeSpan.FromSeconds(20))
            await Task.Delay(1);
    }

    private static List<double> Latencies(long[] starts, long[][] receipts) =>
        [.. starts.SelectMany((start, r) => receipts[r].Where(t => t != 0).Select(t => Stopwatch.GetElapsedTime(start, t).TotalMilliseconds))];
}
