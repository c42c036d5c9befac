using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using LeadsAssurance.Domain.Accounts;
using LeadsAssurance.Domain.Market;
using Microsoft.Extensions.DependencyInjection;

namespace LeadsAssurance.Bench;

/// <summary>
/// The market over HTTP, as brokers' programs reach it: a burst of reserve calls on one exclusive lead from many API
/// keys at once (every answer must be a 201 or a 409, exactly one 201, never a 500 or a 503), and reserve throughput
/// with many API clients on distinct leads, against the in-process service rate measured in the same run.
/// </summary>
public static class HttpReserveBench
{
    public static async Task RunAsync(BenchHost host, Uri address, int bursts, int burstBrokers, int requestsPerBroker, int leads, int clients)
    {
        var keys = host.Services.GetRequiredService<ApiKeyService>();
        var provider = (await host.AddBrokersAsync(1, AccountRole.Provider))[0];
        var brokers = await host.AddBrokersAsync(Math.Max(burstBrokers, clients));
        var brokerKeys = new List<string>();
        foreach (var broker in brokers)
            brokerKeys.Add((await keys.CreateAsync(broker, "bench", broker)).PlainKey);
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1024, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
        {
            BaseAddress = address, Timeout = TimeSpan.FromSeconds(60),
        };

        // Warm-up: JIT, connection pools on both sides, the prepared hold statement.
        var warm = await host.AddLeadsAsync(provider, clients * 2);
        await ThroughputAsync(http, warm, brokerKeys.Take(clients).ToList());

        var statuses = new ConcurrentDictionary<HttpStatusCode, int>();
        var latencies = new ConcurrentBag<double>();
        var decided = new List<double>();
        var oneWinner = 0;
        var total = burstBrokers * requestsPerBroker;
        foreach (var lead in await host.AddLeadsAsync(provider, bursts))
        {
            var created = 0;
            var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var burst = Stopwatch.StartNew();
            var calls = Enumerable.Range(0, total).Select(i => Task.Run(async () =>
            {
                await gate.Task;
                var sw = Stopwatch.StartNew();
                using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/market/{lead}/reserve");
                request.Headers.Add("X-Api-Key", brokerKeys[i % burstBrokers]);
                using var response = await http.SendAsync(request);
                latencies.Add(sw.Elapsed.TotalMilliseconds);
                statuses.AddOrUpdate(response.StatusCode, 1, (_, n) => n + 1);
                if (response.StatusCode == HttpStatusCode.Created)
                    Interlocked.Increment(ref created);
            })).ToList();
            burst.Restart();
            gate.SetResult();
            await Task.WhenAll(calls);
            decided.Add(burst.Elapsed.TotalMilliseconds);
            if (created == 1)
                oneWinner++;
        }
        var errors = statuses.Where(s => s.Key is not (HttpStatusCode.Created or HttpStatusCode.Conflict)).Sum(s => s.Value);
        Console.WriteLine($"http reserve burst: {total} requests from {burstBrokers} API keys on one exclusive lead, {bursts} bursts:");
        Console.WriteLine($"  answers: {string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{(int)s.Key} x{s.Value}"))}; errors (not 201/409): {errors}");
        Console.WriteLine($"  bursts with exactly one 201: {oneWinner}/{bursts}");
        Console.WriteLine($"  request latency p50 {Stats.Ms(Stats.Percentile([.. latencies], 50))}, p99 {Stats.Ms(Stats.Percentile([.. latencies], 99))}; " +
            $"whole burst decided in p50 {Stats.Ms(Stats.Percentile(decided, 50))}, p99 {Stats.Ms(Stats.Percentile(decided, 99))} (target p99 <= 500 ms)");

        // Throughput: the same work through the service in process, then over HTTP, on fresh leads each.
        var market = host.Services.GetRequiredService<MarketService>();
        var serviceLeads = await host.AddLeadsAsync(provider, leads);
        var queue = new ConcurrentQueue<Guid>(serviceLeads);
        var sw = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(w => Task.Run(async () =>
        {
            while (queue.TryDequeue(out var lead))
                await market.ReserveAsync(lead, brokers[w]);
        })));
        var serviceRate = leads / sw.Elapsed.TotalSeconds;
        var (httpRate, httpErrors, p99) = await ThroughputAsync(http, await host.AddLeadsAsync(provider, leads), brokerKeys.Take(clients).ToList());
        Console.WriteLine($"http reserve throughput, {leads} leads, {clients} API clients: {httpRate:0} holds/s over HTTP (p99 {Stats.Ms(p99)}, {httpErrors} errors) " +
            $"vs {serviceRate:0} holds/s through the service in process; ratio {httpRate / serviceRate:0.00} (target >= 0.5)");
    }

    private static async Task<(double Rate, int Errors, double P99)> ThroughputAsync(HttpClient http, List<Guid> leads, List<string> clientKeys)
    {
        var queue = new ConcurrentQueue<Guid>(leads);
        var errors = 0;
        var latencies = new ConcurrentBag<double>();
        var sw = Stopwatch.StartNew();
        await Task.WhenAll(clientKeys.Select(key => Task.Run(async () =>
        {
            while (queue.TryDequeue(out var lead))
            {
                var one = Stopwatch.StartNew();
                using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/market/{lead}/reserve");
                request.Headers.Add("X-Api-Key", key);
                using var response = await http.SendAsync(request);
                latencies.Add(one.Elapsed.TotalMilliseconds);
                if (response.StatusCode != HttpStatusCode.Created)
                    Interlocked.Increment(ref errors);
            }
        })));
        return (leads.Count / sw.Elapsed.TotalSeconds, errors, Stats.Percentile([.. latencies], 99));
    }
}
