using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LeadsAssurance.Tests.Infrastructure;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Playwright;
using Npgsql;

namespace LeadsAssurance.Bench;

/// <summary>
/// The two-node topology under a steady load for a while: hub clients and browser circuits watching the market through
/// nginx, a provider sending leads, brokers holding and paying. Every interval it prints each node's managed heap
/// (after its last GC) and open connections, PostgreSQL's client connections, and the push delay from a lead's commit
/// to its receipt by the hub clients; at the end, the errors and the growth after warm-up.
/// </summary>
public static class SoakBench
{
    private sealed record Sample(TimeSpan At, double[] HeapMb, double[] PoolConnections, long ServerConnections, int Leads, int Sales,
        double PushP50, double PushP99, int Errors, double[] Threads, double[] Queued, double IngestP99);

    public static async Task RunAsync(TimeSpan duration, int hubClients, int circuits, int leadsPerSecond, int brokers)
    {
        await using var cluster = await ClusterBench.StartAsync();
        var admin = cluster.Admin;
        var (_, providerKey, _) = await ClusterApi.CreateAccountAsync(admin, "Provider");
        var (_, watcherKey, watcherEmail) = await ClusterApi.CreateAccountAsync(admin, "Broker");
        var buyers = new List<string>();
        for (var i = 0; i < brokers; i++)
        {
            var (id, key, _) = await ClusterApi.CreateAccountAsync(admin, "Broker");
            await ClusterApi.TopUpAsync(admin, id, 1_000_000m);
            buyers.Add(key);
        }

        var errors = new ConcurrentQueue<string>();
        var delays = new ConcurrentQueue<double>();
        var ingestTimes = new ConcurrentQueue<double>();
        var leads = 0;
        var sales = 0;
        var hubs = new List<HubConnection>();
        var stopping = false;
        for (var i = 0; i < hubClients; i++)
        {
            var hub = new HubConnectionBuilder()
                .WithUrl(new Uri(cluster.Script.Proxy, "/hubs/market"), o =>
                {
                    o.Headers["X-Api-Key"] = watcherKey;
                    o.Transports = HttpTransportType.WebSockets;
                    o.SkipNegotiation = true;
                })
                .Build();
            hub.On<JsonElement>("LeadListed", e =>
                delays.Enqueue((DateTimeOffset.UtcNow - e.GetProperty("createdAt").GetDateTimeOffset()).TotalMilliseconds));
            hub.Closed += e =>
            {
                if (!stopping)
                    errors.Enqueue($"hub connection closed: {e?.Message}");
                return Task.CompletedTask;
            };
            await hub.StartAsync();
            hubs.Add(hub);
        }

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        for (var i = 0; i < circuits; i++)
        {
            var page = await Chromium.NewPageAsync(browser, cluster.Script.Proxy);
            page.Context.SetDefaultTimeout(60_000);
            page.PageError += (_, message) => errors.Enqueue($"browser: {message}");
            await page.GotoAsync("/Account/Login");
            await page.GetByTestId("login-email").FillAsync(watcherEmail);
            await page.GetByTestId("login-password").FillAsync(ClusterApi.Password);
            await page.GetByTestId("login-submit").ClickAsync();
            try
            {
                await page.WaitForURLAsync(url => !url.Contains("/Account/Login"));
            }
            catch (Microsoft.Playwright.PlaywrightException e)
            {
                // Say what the page showed (a rate limit, an antiforgery failure behind the proxy...), not only that it waited.
                var body = await page.InnerTextAsync("body");
                throw new InvalidOperationException($"circuit {i}: the login stayed on {page.Url}: {body[..Math.Min(body.Length, 300)].ReplaceLineEndings(" ")}", e);
            }
            await page.GotoAsync("/market?product=MUTUELLE_SANTE");
            await page.Locator("[data-circuit-ready='true']").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        }

        // The load starts on cold nodes (JIT, 200 hubs and 20 circuits connecting): a warm-up, measured apart, comes
        // before the soak proper, whose errors, heap, connections and push latency are the ones that count.
        var warmUp = TimeSpan.FromSeconds(Math.Clamp(duration.TotalSeconds / 5, 15, 60));
        using var stop = new CancellationTokenSource(warmUp + duration);
        var provider = cluster.Client(cluster.Script.Proxy, providerKey);
        var ingest = Task.Run(async () =>
        {
            // A batch every 100 ms, sent without waiting for the previous one (at most 20 in flight): the rate holds
            // even when a call is slow, which is what the soak must show.
            var perTick = Math.Max(1, leadsPerSecond / 10);
            using var inFlight = new SemaphoreSlim(20);
            var posts = new List<Task>();
            using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
            while (await Tick(timer, stop.Token))
            {
                if (!await inFlight.WaitAsync(0))
                {
                    errors.Enqueue("ingest: 20 batches already in flight");
                    continue;
                }
                posts.Add(Task.Run(async () =>
                {
                    try
                    {
                        var started = Stopwatch.GetTimestamp();
                        await ClusterApi.PostLeadsAsync(provider, [.. Enumerable.Range(0, perTick).Select(_ => ClusterApi.NewPhone())]);
                        ingestTimes.Enqueue(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                        Interlocked.Add(ref leads, perTick);
                    }
                    catch (Exception e) when (e is HttpRequestException or InvalidOperationException or TaskCanceledException)
                    {
                        errors.Enqueue($"ingest: {e.Message}");
                    }
                    finally
                    {
                        inFlight.Release();
                    }
                }));
            }
            await Task.WhenAll(posts);
        });
        var buying = buyers.Select(key => Task.Run(async () =>
        {
            var client = cluster.Client(cluster.Script.Proxy, key);
            var random = new Random(key.GetHashCode());
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    var market = await client.GetFromJsonAsync<JsonElement>("/api/v1/market?product=MUTUELLE_SANTE&pageSize=20", stop.Token);
                    var items = market.GetProperty("items");
                    if (items.GetArrayLength() > 0)
                    {
                        var lead = items[random.Next(items.GetArrayLength())].GetProperty("id").GetGuid();
                        using var hold = await client.PostAsync($"/api/v1/market/{lead}/reserve", null, stop.Token);
                        if (hold.StatusCode == HttpStatusCode.Created)
                        {
                            var reservation = (await hold.Content.ReadFromJsonAsync<JsonElement>(stop.Token)).GetProperty("reservationId").GetGuid();
                            using var pay = await client.PostAsJsonAsync($"/api/v1/reservations/{reservation}/pay", new { method = "credits" }, stop.Token);
                            if (pay.StatusCode == HttpStatusCode.OK)
                                Interlocked.Increment(ref sales);
                            else
                                errors.Enqueue($"pay: {(int)pay.StatusCode}");
                        }
                        else if (hold.StatusCode != HttpStatusCode.Conflict)
                            errors.Enqueue($"reserve: {(int)hold.StatusCode}");
                    }
                    await Task.Delay(random.Next(300, 700), stop.Token);
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                }
                catch (HttpRequestException e)
                {
                    errors.Enqueue($"broker: {e.Message}");
                }
            }
        })).ToList();

        var samples = new List<Sample>();
        var interval = duration / 10;
        int node1 = cluster.Script.NodeProcessId(1), node2 = cluster.Script.NodeProcessId(2), self = Environment.ProcessId;
        var cpu = new ProcessCpu(new Dictionary<string, Func<int, string, bool>>
        {
            ["node 1"] = (pid, _) => pid == node1,
            ["node 2"] = (pid, _) => pid == node2,
            ["PostgreSQL"] = (_, cmd) => cmd.StartsWith("postgres", StringComparison.Ordinal) || cmd.Contains("/bin/postgres", StringComparison.Ordinal),
            ["nginx"] = (_, cmd) => cmd.StartsWith("nginx", StringComparison.Ordinal),
            ["Chromium"] = (_, cmd) => cmd.Contains("chromium", StringComparison.OrdinalIgnoreCase),
            ["load generator"] = (pid, _) => pid == self,
        });
        await Task.Delay(warmUp);
        var warmUpErrors = errors.ToArray();
        errors.Clear();
        var warmUpPushes = DrainAll(delays);
        var warmUpIngest = DrainAll(ingestTimes);
        var warmUpLeads = Interlocked.Exchange(ref leads, 0);
        Interlocked.Exchange(ref sales, 0);
        cpu.Start();
        var clock = Stopwatch.StartNew();
        Console.WriteLine($"soak, {duration.TotalMinutes:0.#} min: {hubClients} hub clients, {circuits} browser circuits, {leadsPerSecond} leads/s, {brokers} brokers holding and paying");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  warm-up {warmUp.TotalSeconds:0} s (not counted below): {warmUpLeads} leads, push p99 {Stats.Percentile(warmUpPushes, 99):0.0} ms, ingest p99 {Stats.Percentile(warmUpIngest, 99):0} ms, " +
            $"{warmUpErrors.Length} errors{(warmUpErrors.Length == 0 ? "" : " — first: " + string.Join(" | ", warmUpErrors.Take(3)))}"));
        Console.WriteLine("     t  heap MB (node 1 / 2)  pool conns (1 / 2)  PG conns  leads  sales  push p50 / p99 ms  errors  threads (1 / 2)  queued (1 / 2)  ingest p99 ms");
        using (var sampler = new PeriodicTimer(interval))
            while (await Tick(sampler, CancellationToken.None) && samples.Count < 10)
            {
                var pushed = DrainAll(delays);
                var sample = new Sample(clock.Elapsed,
                    [await ScrapeAsync(cluster, 1, "dotnet_gc_last_collection_heap_size_bytes") / 1e6, await ScrapeAsync(cluster, 2, "dotnet_gc_last_collection_heap_size_bytes") / 1e6],
                    [await ScrapeAsync(cluster, 1, "db_client_connection_count"), await ScrapeAsync(cluster, 2, "db_client_connection_count")],
                    await ServerConnectionsAsync(cluster), leads, sales, Stats.Percentile(pushed, 50), Stats.Percentile(pushed, 99), errors.Count,
                    [await ScrapeAsync(cluster, 1, "dotnet_thread_pool_thread_count"), await ScrapeAsync(cluster, 2, "dotnet_thread_pool_thread_count")],
                    [await ScrapeAsync(cluster, 1, "dotnet_thread_pool_queue_length"), await ScrapeAsync(cluster, 2, "dotnet_thread_pool_queue_length")],
                    Stats.Percentile(DrainAll(ingestTimes), 99));
                samples.Add(sample);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{sample.At.TotalSeconds,6:0}  {sample.HeapMb[0],8:0.0} / {sample.HeapMb[1],-8:0.0}  {sample.PoolConnections[0],8:0} / {sample.PoolConnections[1],-6:0}  {sample.ServerConnections,8}  {sample.Leads,5}  {sample.Sales,5}  {sample.PushP50,8:0.0} / {sample.PushP99,-8:0.0}  {sample.Errors,6}  {sample.Threads[0],7:0} / {sample.Threads[1],-5:0}  {sample.Queued[0],6:0} / {sample.Queued[1],-6:0}  {sample.IngestP99,8:0}"));
            }
        await Task.WhenAll(buying.Append(ingest));
        var cpuReport = cpu.Report(clock.Elapsed);
        stopping = true;
        foreach (var hub in hubs)
            await hub.DisposeAsync();

        // Growth is judged from the first sample after the warm-up to the last.
        var warm = samples[0];
        var last = samples[^1];
        Console.WriteLine($"  CPU (share of {Environment.ProcessorCount} cores): {cpuReport}");
        Console.WriteLine($"  errors: {errors.Count}{(errors.IsEmpty ? "" : " — first: " + string.Join(" | ", errors.Take(5)))}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  over the soak: heap {warm.HeapMb[0]:0.0} → {last.HeapMb[0]:0.0} MB (node 1), {warm.HeapMb[1]:0.0} → {last.HeapMb[1]:0.0} MB (node 2); " +
            $"PostgreSQL client connections {warm.ServerConnections} → {last.ServerConnections} (max {samples.Max(s => s.ServerConnections)}); " +
            $"push p99 {warm.PushP99:0.0} → {last.PushP99:0.0} ms (max {samples.Max(s => s.PushP99):0.0})"));
    }

    private static async Task<bool> Tick(PeriodicTimer timer, CancellationToken ct)
    {
        try
        {
            return await timer.WaitForNextTickAsync(ct);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private static List<double> DrainAll(ConcurrentQueue<double> queue)
    {
        var items = new List<double>();
        while (queue.TryDequeue(out var item))
            items.Add(item);
        return items;
    }

    /// <summary>The sum of a metric's series on one node's /metrics (its own port: nginx does not forward /metrics).</summary>
    private static async Task<double> ScrapeAsync(ClusterBench cluster, int node, string metric)
    {
        using var client = cluster.Client(cluster.Script.Node(node));
        var text = await client.GetStringAsync("/metrics");
        return text.Split('\n')
            .Where(l => l.StartsWith(metric, StringComparison.Ordinal) && (l.Length == metric.Length || l[metric.Length] is '{' or ' '))
            .Sum(l => double.Parse(l[(l.LastIndexOf('}') + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries)[0], CultureInfo.InvariantCulture));
    }

    private static async Task<long> ServerConnectionsAsync(ClusterBench cluster)
    {
        await using var connection = new NpgsqlConnection(cluster.Script.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select count(*) from pg_stat_activity where backend_type = 'client backend'", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
