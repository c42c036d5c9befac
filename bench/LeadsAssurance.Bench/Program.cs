namespace LeadsAssurance.Bench;

/// <summary>dotnet run -c Release --project bench/LeadsAssurance.Bench [-- --smoke] [--only reserve|http|push|cluster-push|soak|ingest|flows|memory|market-list|certificates|opposition|erasure[,...]] [--soak-minutes N]</summary>
public static class BenchProgram
{
    public static async Task Main(string[] args)
    {
        var smoke = args.Contains("--smoke");
        Console.WriteLine($"LeadsAssurance benchmarks ({(smoke ? "smoke" : "full")}), {Environment.ProcessorCount} cores, {DateTime.UtcNow:u}");
        await using var host = new BenchHost();
        host.Start();
        System.Globalization.CultureInfo.DefaultThreadCurrentCulture = System.Globalization.CultureInfo.InvariantCulture;
        System.Globalization.CultureInfo.CurrentCulture = System.Globalization.CultureInfo.InvariantCulture;
        var only = args.SkipWhile(a => a != "--only").Skip(1).FirstOrDefault()?.Split(',');
        bool Runs(string part) => only is null || only.Contains(part);
        var failed = new List<string>();
        // One part failing (a browser timing out on a loaded machine, say) is reported and the others still run.
        async Task Part(string name, Func<Task> run)
        {
            try
            {
                await run();
            }
            catch (Exception e)
            {
                failed.Add(name);
                Console.WriteLine($"{name}: FAILED: {e.GetType().Name}: {e.Message.Split('\n')[0]}");
            }
        }
        if (Runs("reserve"))
            await Part("reserve", () => ReservationBench.RunAsync(host, leads: smoke ? 200 : 1000, workers: 64, races: smoke ? 5 : 50, contenders: 200));
        if (Runs("http"))
            await Part("http", () => HttpReserveBench.RunAsync(host, host.Address, bursts: smoke ? 3 : 20, burstBrokers: 19, requestsPerBroker: 10,
                leads: smoke ? 200 : 1000, clients: 64));
        if (Runs("cluster-push"))
            await Part("cluster-push", () => ClusterPushBench.RunAsync(clientsPerNode: smoke ? 20 : 100, rounds: smoke ? 30 : 200));
        if (Runs("soak"))
            await Part("soak", async () =>
            {
                var minutes = double.Parse(args.SkipWhile(a => a != "--soak-minutes").Skip(1).FirstOrDefault() ?? (smoke ? "0.5" : "10"), System.Globalization.CultureInfo.InvariantCulture);
                int Arg(string name, int fallback) =>
                    int.Parse(args.SkipWhile(a => a != name).Skip(1).FirstOrDefault() ?? fallback.ToString(System.Globalization.CultureInfo.InvariantCulture), System.Globalization.CultureInfo.InvariantCulture);
                await SoakBench.RunAsync(TimeSpan.FromMinutes(minutes), hubClients: Arg("--soak-hubs", 200), circuits: Arg("--soak-circuits", 20),
                    leadsPerSecond: Arg("--soak-leads", 50), brokers: Arg("--soak-brokers", 20));
            });
        if (Runs("push"))
            await Part("push", () => PushLatencyBench.RunAsync(host, clients: smoke ? 50 : 500, rounds: smoke ? 10 : 50));
        if (Runs("ingest"))
            await Part("ingest", () => IngestionBench.RunAsync(host, rows: smoke ? 10_000 : 100_000, warmRows: smoke ? 5_000 : 20_000, warmRounds: smoke ? 1 : 3, rounds: smoke ? 1 : 5,
                apiRequests: smoke ? 300 : 3_000));
        if (Runs("flows"))
            await Part("flows", () => FlowBench.RunAsync(host, rows: smoke ? 5_000 : 100_000, warmRows: smoke ? 0 : 20_000, rounds: smoke ? 1 : 5,
                apiLeads: smoke ? 20 : 500, warmLeads: smoke ? 10 : 50));
        if (Runs("market-list"))
            await Part("market-list", () => MarketListBench.RunAsync(host, leads: smoke ? 10_000 : 100_000, samples: smoke ? 5 : 30, rounds: smoke ? 1 : 2));
        if (Runs("certificates"))
            await Part("certificates", () => CertificateBench.RunAsync(host, certificates: smoke ? 200 : 1_000, seconds: smoke ? 1 : 5));
        if (Runs("opposition"))
            await Part("opposition", () => PrivacyBench.RunOppositionAsync(host, numbers: smoke ? 20_000 : 300_000));
        if (Runs("erasure"))
            await Part("erasure", () => PrivacyBench.RunErasureAsync(host, people: smoke ? 200 : 10_000));
        if (Runs("memory"))
            await Part("memory", () => CircuitMemoryBench.RunAsync(host, circuits: smoke ? 5 : 25));
        Console.WriteLine(failed.Count == 0 ? "done" : $"done; failed: {string.Join(", ", failed)}");
    }
}
