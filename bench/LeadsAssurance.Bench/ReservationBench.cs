using System.Collections.Concurrent;
using System.Diagnostics;
using LeadsAssurance.Domain.Leads;
using LeadsAssurance.Domain.Market;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace LeadsAssurance.Bench;

/// <summary>Hold throughput through the market service against raw conditional UPDATEs and an xmin variant; the one-lead race.</summary>
public static class ReservationBench
{
    public static async Task RunAsync(BenchHost host, int leads, int workers, int races, int contenders)
    {
        var market = host.Services.GetRequiredService<MarketService>();
        var provider = (await host.AddBrokersAsync(1))[0];

        // Warm-up (JIT, EF query compilation, connection pool) on leads that are not measured.
        var warmBrokers = await host.AddBrokersAsync(workers);
        var warm = await host.AddLeadsAsync(provider, workers * 3);
        await ThroughputAsync(warm[..workers], workers, (lead, w) => market.ReserveAsync(lead, warmBrokers[w]));
        await ThroughputAsync(warm[workers..(2 * workers)], workers, (lead, _) => RawUpdateAsync(host.ConnectionString, lead));
        await ThroughputAsync(warm[(2 * workers)..], workers, (lead, _) => XminReserveAsync(host, lead));

        var serviceLeads = await host.AddLeadsAsync(provider, leads);
        var rawLeads = await host.AddLeadsAsync(provider, leads);
        var xminLeads = await host.AddLeadsAsync(provider, leads);
        var brokers = await host.AddBrokersAsync(Math.Max(workers, contenders));

        var service = await ThroughputAsync(serviceLeads, workers, (lead, w) => market.ReserveAsync(lead, brokers[w]));
        var raw = await ThroughputAsync(rawLeads, workers, (lead, _) => RawUpdateAsync(host.ConnectionString, lead));
        var xmin = await ThroughputAsync(xminLeads, workers, (lead, _) => XminReserveAsync(host, lead));
        Console.WriteLine($"reserve throughput, {leads} leads, {workers} brokers:");
        Console.WriteLine($"  market service (one batch: lock, conditional UPDATE, hold row): {service:0} holds/s");
        Console.WriteLine($"  raw Npgsql conditional UPDATE:                                 {raw:0} updates/s");
        Console.WriteLine($"  EF xmin optimistic variant (read, then UPDATE):                 {xmin:0} holds/s");
        Console.WriteLine($"  ratio service / raw = {service / raw:0.00} (target >= 0.60)");

        var latencies = new ConcurrentBag<double>();
        var winners = 0;
        var raceLeads = await host.AddLeadsAsync(provider, races);
        foreach (var lead in raceLeads)
        {
            var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var attempts = brokers.Take(contenders).Select(b => Task.Run(async () =>
            {
                await gate.Task;
                var sw = Stopwatch.StartNew();
                try { await market.ReserveAsync(lead, b); Interlocked.Increment(ref winners); }
                catch (LeadTakenException) { }
                latencies.Add(sw.Elapsed.TotalMilliseconds);
            })).ToList();
            gate.SetResult();
            await Task.WhenAll(attempts);
        }
        var all = latencies.ToList();
        Console.WriteLine($"one-lead race, {contenders} contenders x {races} leads: winners {winners}/{races}, " +
            $"latency p50 {Stats.Ms(Stats.Percentile(all, 50))}, p99 {Stats.Ms(Stats.Percentile(all, 99))}");
    }

    private static async Task<double> ThroughputAsync(List<Guid> leads, int workers, Func<Guid, int, Task> reserve)
    {
        var queue = new ConcurrentQueue<Guid>(leads);
        var sw = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, workers).Select(w => Task.Run(async () =>
        {
            while (queue.TryDequeue(out var lead))
                await reserve(lead, w);
        })));
        return leads.Count / sw.Elapsed.TotalSeconds;
    }

    private static async Task RawUpdateAsync(string connectionString, Guid lead)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "update leads set held_count = held_count + 1, status = 'Reserved' where id = @id and status = 'Stock' and sold_count + held_count < max_buyers returning price",
            connection);
        command.Parameters.AddWithValue("id", lead);
        if (await command.ExecuteScalarAsync() is null)
            throw new InvalidOperationException("raw update lost a lead it should have won");
    }

    private static async Task XminReserveAsync(BenchHost host, Guid leadId)
    {
        await using var db = host.Db();
        var lead = await db.Leads.SingleAsync(l => l.Id == leadId);
        if (lead.Status != LeadStatus.Stock)
            throw new InvalidOperationException("lead not on sale");
        db.Entry(lead).Property(l => l.HeldCount).CurrentValue = lead.HeldCount + 1;
        db.Entry(lead).Property(l => l.Status).CurrentValue = LeadStatus.Reserved;
        await db.SaveChangesAsync();
    }
}
