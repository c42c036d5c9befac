using System.Diagnostics;
using System.Text;
using LeadsAssurance.Domain.Accounts;
using LeadsAssurance.Domain.Privacy;
using LeadsAssurance.Domain.Privacy.Opposition;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using NpgsqlTypes;

namespace LeadsAssurance.Bench;

/// <summary>
/// Issue 14's figures. "opposition": a Bloctel-like file of N numbers imported through <see cref="OppositionLists.ImportAsync"/>
/// (parse, normalise, HMAC, chunked inserts, one transaction), against a raw binary COPY of the same digests into an
/// unindexed-but-for-its-key table (the floor of storing them); with the peak managed heap growth while it reads.
/// "erasure": N people erased one request at a time through <see cref="ErasureService"/>, as admins and the public page do.
/// </summary>
public static class PrivacyBench
{
    public static async Task RunOppositionAsync(BenchHost host, int numbers)
    {
        var lists = host.Services.GetRequiredService<OppositionLists>();
        var digests = host.Services.GetRequiredService<ContactDigests>();
        // Warm-up: JIT, libphonenumber's metadata, query plans.
        await lists.ImportAsync(new MemoryStream(Encoding.UTF8.GetBytes(string.Join("\n", Enumerable.Range(0, 2_000).Select(i => $"0690{i:000000}")))),
            "warm-up.csv", null);

        var file = new MemoryStream(numbers * 14);
        await using (var writer = new StreamWriter(file, new UTF8Encoding(false), leaveOpen: true))
            for (var i = 0; i < numbers; i++)
                await writer.WriteLineAsync(i % 2 == 0 ? $"3377{i:0000000}" : $"077{i:0000000}");
        file.Position = 0;
        var heap = new HeapPeak(TimeSpan.FromMilliseconds(5));
        var clock = Stopwatch.StartNew();
        var result = await lists.ImportAsync(file, "bench-bloctel.csv", null);
        var seconds = clock.Elapsed.TotalSeconds;
        var growth = await heap.StopAsync();

        // The floor: the same number of digests (computed beforehand) copied in binary into a table keyed like the list.
        var keys = Enumerable.Range(0, numbers).Select(i => digests.Phone($"+3379{i:0000000}")).ToArray();
        await using var connection = new NpgsqlConnection(host.ConnectionString);
        await connection.OpenAsync();
        await using (var create = new NpgsqlCommand("create unlogged table if not exists bench_digests (digest bytea primary key); truncate bench_digests", connection))
            await create.ExecuteNonQueryAsync();
        clock.Restart();
        await using (var copy = await connection.BeginBinaryImportAsync("copy bench_digests (digest) from stdin (format binary)"))
        {
            foreach (var key in keys)
            {
                await copy.StartRowAsync();
                await copy.WriteAsync(key, NpgsqlDbType.Bytea);
            }
            await copy.CompleteAsync();
        }
        var rawSeconds = clock.Elapsed.TotalSeconds;
        Console.WriteLine($"opposition import: {numbers:N0} numbers in {seconds:F1} s = {numbers / seconds:N0} rows/s (read {result.Read:N0}, added {result.Added:N0}); "
            + $"raw COPY of the digests {numbers / rawSeconds:N0} rows/s (ratio {rawSeconds / seconds:F2}); peak heap growth {growth / 1024.0 / 1024.0:F1} MB "
            + $"for a {file.Length / 1024.0 / 1024.0:F1} MB file");
    }

    public static async Task RunErasureAsync(BenchHost host, int people)
    {
        var provider = (await host.AddBrokersAsync(1, AccountRole.Provider))[0];
        await host.AddLeadsAsync(provider, people);
        List<string> emails;
        await using (var db = host.Db())
            emails = await db.Leads.Where(l => l.ProviderId == provider && l.ErasedAt == null).Select(l => l.Email).Distinct().ToListAsync();
        var erasures = host.Services.GetRequiredService<ErasureService>();
        var latencies = new List<double>(emails.Count);
        var clock = Stopwatch.StartNew();
        var leads = 0;
        foreach (var email in emails)
        {
            var one = Stopwatch.StartNew();
            leads += (await erasures.EraseAsync(null, email, ErasureRequesters.Admin, null)).Leads;
            latencies.Add(one.Elapsed.TotalMilliseconds);
        }
        var seconds = clock.Elapsed.TotalSeconds;
        latencies.Sort();
        Console.WriteLine($"erasure: {emails.Count:N0} people ({leads:N0} leads) erased one request at a time in {seconds:F1} s = {emails.Count / seconds:N0} people/s; "
            + $"per request p50 {Stats.Percentile(latencies, 50):F1} ms, p99 {Stats.Percentile(latencies, 99):F1} ms");
    }
}
