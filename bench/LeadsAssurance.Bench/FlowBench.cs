using LeadsAssurance.Domain.Accounts;
using LeadsAssurance.Domain.Ingestion;
using Microsoft.Extensions.DependencyInjection;

namespace LeadsAssurance.Bench;

/// <summary>
/// Broker flows at ingestion (issue 12): a CSV import with 1,000 active flows against the same import with none, in
/// alternating rounds of one run; then single API leads with the same 1,000 flows, timed to the flow's purchase and to
/// its webhook reaching a receiver in this process.
/// </summary>
public static partial class FlowBench
{
    /// <summary>
    /// <paramref name="rounds"/> pairs of imports of <paramref name="rows"/> rows, one with flows and one without, the
    /// order swapped every round so drift in the machine's speed falls on both; each arm warmed by one import of
    /// <paramref name="warmRows"/> rows first (none when 0). Then <paramref name="apiLeads"/> API leads one at a time, after
    /// <paramref name="warmLeads"/> unmeasured ones (the first leads routed also pay for the JIT's tiering of that path).
    /// </summary>
    public static async Task RunAsync(BenchHost host, int rows, int warmRows, int rounds, int apiLeads, int warmLeads)
    {
        var provider = (await host.AddBrokersAsync(1, AccountRole.Provider))[0];
        await using var sink = await WebhookSink.StartAsync();
        var world = new FlowBenchWorld(host);
        // Half the rows fall in the ten matched départements, 20 capped flows in each: at rows / 800 per flow they
        // buy half of those rows, so the caps are reached around the middle of the file.
        var dailyCap = Math.Max(1, rows / 800);
        var setup = await world.CreateAsync(dailyCap, sink.Url);
        Console.WriteLine($"flows: {FlowBenchWorld.Flows:N0} active Mutuelle santé flows of {FlowBenchWorld.Brokers} brokers ({FlowBenchWorld.Credits:N0} € each) " +
                          $"(brokers and credits {setup.Credits.TotalSeconds:0.0} s, flows {setup.Flows.TotalSeconds:0.0} s): {world.Matching} buy in the file's départements (daily cap {dailyCap}), " +
                          $"{world.NearMiss} there filter out every row (regime), {world.WithWebhook} buy the API leads (2A, webhook), the others elsewhere");

        var consent = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow.AddHours(-1), TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris"))
            .ToString("dd/MM/yyyy HH:mm", System.Globalization.CultureInfo.InvariantCulture);
        var imports = host.Services.GetRequiredService<LeadImports>();
        var files = 0;
        async Task<double> ImportAsync(bool withFlows, int count)
        {
            await world.SetFlowsAsync(active: withFlows);
            await world.VacuumAsync();
            var phoneBase = 52_000_000 + files * Math.Max(rows, warmRows);
            var path = await FlowBenchWorld.WriteCsvAsync(count, phoneBase, $"flows{files++}", consent);
            var since = DateTimeOffset.UtcNow;
            var measured = await IngestionBench.MeasureImportAsync(imports, provider, path);
            File.Delete(path);
            var (bought, capped, lastRow) = await world.BoughtAsync(since, phoneBase);
            var rate = count / measured.ImportSeconds;
            Console.WriteLine($"    {(withFlows ? "with flows:   " : "without flows:")} {rate,8:N0} rows/s, {measured.Summary.Accepted:N0} accepted" +
                              (withFlows ? $", {bought:N0} bought by flows, {capped} flows at their daily cap, last purchase at row {lastRow:N0} of {count:N0}" : ""));
            return rate;
        }

        if (warmRows > 0)
        {
            Console.WriteLine($"  warm-up imports of {warmRows:N0} rows:");
            await ImportAsync(withFlows: true, warmRows);
            await ImportAsync(withFlows: false, warmRows);
        }
        var pairs = new List<(double With, double Without)>();
        for (var round = 0; round < rounds; round++)
        {
            Console.WriteLine($"  round {round + 1} ({(round % 2 == 0 ? "with flows first" : "without flows first")}):");
            double with, without;
            if (round % 2 == 0)
                (with, without) = (await ImportAsync(true, rows), await ImportAsync(false, rows));
            else
                (without, with) = (await ImportAsync(false, rows), await ImportAsync(true, rows));
            pairs.Add((with, without));
        }

        double Median(IEnumerable<double> values) => values.Order().ElementAt(pairs.Count / 2);
        var ratio = Median(pairs.Select(p => p.With / p.Without));
        Console.WriteLine($"flows: CSV import step of {rows:N0} rows (validation, dedupe, consent chain, COPY, routing), medians of {rounds} alternating round(s):");
        Console.WriteLine($"  with {FlowBenchWorld.Flows:N0} active flows:   {Median(pairs.Select(p => p.With)),8:N0} rows/s ({pairs.Min(p => p.With):N0} to {pairs.Max(p => p.With):N0})");
        Console.WriteLine($"  without flows (all paused): {Median(pairs.Select(p => p.Without)),8:N0} rows/s ({pairs.Min(p => p.Without):N0} to {pairs.Max(p => p.Without):N0})");
        Console.WriteLine($"  ratio with / without (per round, then the median) = {ratio:0.00}, rounds {string.Join(", ", pairs.Select(p => (p.With / p.Without).ToString("0.00")))} " +
                          $"(target >= 0.70: {(ratio >= 0.7 ? "met" : "missed")})");

        await LatencyAsync(host, world, sink, provider, apiLeads, warmLeads);
        var (lowest, starved) = await world.CreditsAsync();
        Console.WriteLine($"  credits: lowest broker balance left {lowest:N2} €, {starved} flows paused for lack of credits");
    }
}
