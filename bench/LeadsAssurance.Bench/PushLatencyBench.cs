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
        var reservedRound = new Dictionary<Guid, int>();
        for (var c = 0; c < clients; c++)
        {
            var client = c;
            var connection = new HubConnectionBuilder()
                .WithUrl(new Uri(host.Address, MarketHub.Path), o => { o.Headers["X-Api-Key"] = key; o.Transports = HttpTransportType.WebSockets; })
                .Build();
            connection.On<System.Text.Json.JsonElement>("LeadReserved", e =>
            {
                var ts = Stopwatch.GetTimestamp();
                lock (reservedRound)
                    if (reservedRound.TryGetValue(e.GetProperty("leadId").GetGuid(), out var round))
                        received[round][client] = ts;
            });
            connection.On<int, string>("Bench", (round, _) => received[rounds + round][client] = Stopwatch.GetTimestamp());
            await connection.StartAsync();
            connections.Add(connection);
        }

        var market = host.Services.GetRequiredService<MarketService>();
        var hub = host.Services.GetRequiredService<IHubContext<MarketHub>>();
        var leads = await host.AddLeadsAsync(broker, rounds);
        var committed = new long[rounds];
        var sent = new long[rounds];
        for (var r = 0; r < rounds; r++)
        {
            lock (reservedRound) reservedRound[leads[r]] = r;
            // Measured from the start of the hold call: an upper bound of commit -> receipt (it includes the transaction).
            committed[r] = Stopwatch.GetTimestamp();
            await market.ReserveAsync(leads[r], broker);
            await WaitAllAsync(received[r]);
            var payload = new string('x', 300);
            sent[r] = Stopwatch.GetTimestamp();
            await hub.Clients.All.SendAsync("Bench", r, payload);
            await WaitAllAsync(received[rounds + r]);
        }

        var push = Latencies(committed, received.Take(rounds).ToArray());
        var bare = Latencies(sent, received.Skip(rounds).ToArray());
        Console.WriteLine($"push latency to {clients} hub clients over {rounds} rounds:");
        Console.WriteLine($"  hold call -> receipt (LeadReserved): p50 {Stats.Ms(Stats.Percentile(push, 50))}, p99 {Stats.Ms(Stats.Percentile(push, 99))}");
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
