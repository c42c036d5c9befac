using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using LeadsAssurance.Domain.Accounts;
using LeadsAssurance.Domain.Ingestion;
using LeadsAssurance.Domain.Ingestion.Csv;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using NpgsqlTypes;

namespace LeadsAssurance.Bench;

/// <summary>
/// CSV import (validation, dedupe, consent hashing, COPY) against a raw binary COPY of the same rows into the same
/// table; peak managed memory during the import; single-lead API POSTs with 16 concurrent clients.
/// </summary>
public static class IngestionBench
{
    internal const string Header = "Prénom;Nom;Téléphone;E-mail;Code postal;Ville;Régime social;Personnes à assurer;Date de naissance;Niveau de garanties souhaité;" +
                                  "Consentement;Version;Date du consentement;Adresse IP;Navigateur;URL;Partenaires";

    /// <summary>
    /// <paramref name="rounds"/> measured rounds, each an import of <paramref name="rows"/> rows followed by a raw COPY of
    /// as many, after <paramref name="warmRounds"/> warm-up imports of <paramref name="warmRows"/> rows (the runtime's
    /// tiered JIT otherwise compiles and recompiles the hot paths during the first measured imports, on the same two
    /// cores: a first import runs about a third slower); the median round gives the figures.
    /// </summary>
    public static async Task RunAsync(BenchHost host, int rows, int warmRows, int warmRounds, int rounds, int apiRequests)
    {
        var provider = (await host.AddBrokersAsync(1, AccountRole.Provider))[0];
        var consent = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow.AddHours(-1), TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris"))
            .ToString("dd/MM/yyyy HH:mm", System.Globalization.CultureInfo.InvariantCulture);
        var imports = host.Services.GetRequiredService<LeadImports>();

        long warmHeap = 0;
        for (var warmRound = 0; warmRound < warmRounds; warmRound++)
        {
            var warm = await WriteCsvAsync(warmRows, phoneBase: 60_000_000 + warmRound * warmRows, tag: $"warm{warmRound}", consent);
            warmHeap = Math.Max(warmHeap, (await MeasureImportAsync(imports, provider, warm)).Heap);
            File.Delete(warm);
            await RawCopyAsync(host.ConnectionString, provider, Math.Min(warmRows, 10_000), phoneBase: 60_000_000 + warmRound * warmRows);
        }

        var measured = new List<(Measurement Import, double Raw)>();
        for (var round = 0; round < rounds; round++)
        {
            var path = await WriteCsvAsync(rows, phoneBase: 50_000_000 + round * rows, tag: $"bench{round}", consent);
            await VacuumAsync(host.ConnectionString);
            var cpuBefore = (App: Process.GetCurrentProcess().TotalProcessorTime, Db: PostgresCpu());
            var gcBefore = (Pause: GC.GetTotalPauseDuration(), Gen0: GC.CollectionCount(0), Gen2: GC.CollectionCount(2), Bytes: GC.GetTotalAllocatedBytes());
            var import = await MeasureImportAsync(imports, provider, path);
            var cpu = (App: Process.GetCurrentProcess().TotalProcessorTime - cpuBefore.App, Db: PostgresCpu() - cpuBefore.Db);
            var gc = (Pause: GC.GetTotalPauseDuration() - gcBefore.Pause, Gen0: GC.CollectionCount(0) - gcBefore.Gen0,
                      Gen2: GC.CollectionCount(2) - gcBefore.Gen2, Bytes: GC.GetTotalAllocatedBytes() - gcBefore.Bytes);
            File.Delete(path);
            await VacuumAsync(host.ConnectionString);
            var rawSeconds = await RawCopyAsync(host.ConnectionString, provider, rows, phoneBase: 50_000_000 + round * rows);
            measured.Add((import, rawSeconds));
            Console.WriteLine($"  round {round + 1}: import step {rows / import.ImportSeconds:N0} rows/s, raw COPY {rows / rawSeconds:N0} rows/s, " +
                              $"ratio {rawSeconds / import.ImportSeconds:0.00}; CPU per row: app {cpu.App.TotalMicroseconds / rows:0} µs, PostgreSQL {cpu.Db.TotalMicroseconds / rows:0} µs; " +
                              $"allocated {gc.Bytes / (double)rows / 1024:0.0} KB per row, {gc.Gen0} GCs ({gc.Gen2} gen2), paused {gc.Pause.TotalSeconds / import.ImportSeconds:P0} of the time");
        }

        double Median(IEnumerable<double> values) => values.Order().ElementAt(measured.Count / 2);
        var importRate = Median(measured.Select(m => rows / m.Import.ImportSeconds));
        var rawRate = Median(measured.Select(m => rows / m.Raw));
        var ratio = Median(measured.Select(m => m.Raw / m.Import.ImportSeconds));
        var summary = measured[^1].Import.Summary;
        Console.WriteLine($"csv import, {rows:N0} rows, medians of {rounds} round(s):");
        Console.WriteLine($"  upload step (copy, format detection, row count, preview):   {Median(measured.Select(m => m.Import.UploadSeconds)):0.0} s");
        Console.WriteLine($"  import step (validation, dedupe, consent chain, COPY):      {importRate:N0} rows/s ({measured.Min(m => rows / m.Import.ImportSeconds):N0} to " +
                          $"{measured.Max(m => rows / m.Import.ImportSeconds):N0}), last round {summary.Accepted:N0} accepted, {summary.Invalid + summary.Duplicates} refused");
        Console.WriteLine($"  both steps end to end:                                      {Median(measured.Select(m => rows / (m.Import.UploadSeconds + m.Import.ImportSeconds))):N0} rows/s");
        Console.WriteLine($"  raw binary COPY of the same rows into leads:               {rawRate:N0} rows/s");
        Console.WriteLine($"  ratio import / raw (per round, then the median) = {ratio:0.00} (target >= 0.25 and >= 10,000 rows/s)");
        Console.WriteLine($"  peak managed heap growth during an import: {warmHeap / 1024.0 / 1024.0:0.0} MB for {warmRows:N0} rows, " +
                          $"{measured.Max(m => m.Import.Heap) / 1024.0 / 1024.0:0.0} MB for {rows:N0} rows (streamed: it does not grow with the file)");

        await VacuumAsync(host.ConnectionString);
        await ApiAsync(host, provider, apiRequests, consent);
    }

    /// <summary>
    /// Between measurements, not timed: after 100,000 inserts autovacuum would otherwise wake up during whichever
    /// measurement comes next and take a core from it.
    /// </summary>
    private static async Task VacuumAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var vacuum = new NpgsqlCommand("vacuum (analyze) leads, consent_records", connection) { CommandTimeout = 600 };
        await vacuum.ExecuteNonQueryAsync();
    }

    /// <summary>CPU time used so far by the machine's PostgreSQL processes (Linux /proc; zero elsewhere).</summary>
    private static TimeSpan PostgresCpu()
    {
        if (!Directory.Exists("/proc"))
            return TimeSpan.Zero;
        long ticks = 0;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var close = stat.LastIndexOf(')');
                if (!stat.AsSpan(0, close).EndsWith("(postgres"))
                    continue;
                var fields = stat[(close + 2)..].Split(' ');
                ticks += long.Parse(fields[11]) + long.Parse(fields[12]); // utime, stime
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
            {
                // The process ended while being read.
            }
        }
        return TimeSpan.FromSeconds(ticks / 100.0); // USER_HZ
    }

    /// <summary>
    /// A Mutuelle santé file of <paramref name="rows"/> valid rows with the phones 07 + <paramref name="phoneBase"/> + i
    /// (07 5x to 07 7x are French mobiles; the other benches' random leads use 06 numbers, so nothing is a duplicate).
    /// </summary>
    private static async Task<string> WriteCsvAsync(int rows, int phoneBase, string tag, string consentParis)
    {
        var path = Path.Combine(Path.GetTempPath(), $"bench-import-{tag}-{Guid.NewGuid():N}.csv");
        await using var writer = new StreamWriter(path, false, new UTF8Encoding(false));
        await writer.WriteLineAsync(Header);
        for (var i = 0; i < rows; i++)
            await writer.WriteLineAsync($"Élodie;Bench;07{phoneBase + i};elodie.{i}@{tag}.fr;69003;;Régime général;Couple;17/05/1980;Confort;" +
                                        $"\"J'accepte d'être rappelée\";v2;{consentParis};203.0.113.9;Mozilla/5.0;https://exemple.fr/mutuelle;Cabinet A|Cabinet B");
        return path;
    }

    internal sealed record Measurement(double UploadSeconds, double ImportSeconds, ImportSummary Summary, long Heap);

    /// <summary>The page's two steps, upload (then the provider checks the mapping) and the import, with the peak heap growth.</summary>
    internal static async Task<Measurement> MeasureImportAsync(LeadImports imports, Guid provider, string path)
    {
        var heap = new HeapPeak(TimeSpan.FromMilliseconds(20));
        var clock = Stopwatch.StartNew();
        await using (var stream = File.OpenRead(path))
        {
            var file = await imports.UploadAsync(stream, Path.GetFileName(path));
            var uploadSeconds = clock.Elapsed.TotalSeconds;
            var mapping = ImportTargets.Suggest(file.Headers, await imports.TargetsAsync("MUTUELLE_SANTE"));
            var id = await imports.CreateAsync(provider, "MUTUELLE_SANTE", file, mapping);
            await imports.RunAsync(id);
            var importSeconds = clock.Elapsed.TotalSeconds - uploadSeconds;
            var heapGrowth = await heap.StopAsync();
            return new Measurement(uploadSeconds, importSeconds, (await imports.GetAsync(provider, id))!, heapGrowth);
        }
    }

    /// <summary>The same number of rows, already normalised in memory, written by one binary COPY.</summary>
    private static async Task<double> RawCopyAsync(string connectionString, Guid provider, int rows, int phoneBase)
    {
        var now = DateTimeOffset.UtcNow;
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var clock = Stopwatch.StartNew();
        await using var tx = await connection.BeginTransactionAsync();
        await using (var writer = await connection.BeginBinaryImportAsync("""
                copy leads (id, product_code, provider_id, first_name, last_name, phone, email, zip_code, city, departement, attributes,
                            status, price, max_buyers, sold_count, held_count, created_at, updated_at, consent_captured_at) from stdin (format binary)
                """))
        {
            for (var i = 0; i < rows; i++)
            {
                await writer.StartRowAsync();
                await writer.WriteAsync(Guid.CreateVersion7(now), NpgsqlDbType.Uuid);
                await writer.WriteAsync("MUTUELLE_SANTE", NpgsqlDbType.Varchar);
                await writer.WriteAsync(provider, NpgsqlDbType.Uuid);
                await writer.WriteAsync("Élodie", NpgsqlDbType.Varchar);
                await writer.WriteAsync("Raw", NpgsqlDbType.Varchar);
                await writer.WriteAsync($"+337{phoneBase + i}", NpgsqlDbType.Varchar);
                await writer.WriteAsync($"raw.{phoneBase + i}@bench.fr", NpgsqlDbType.Varchar);
                await writer.WriteAsync("69003", NpgsqlDbType.Char);
                await writer.WriteAsync("Lyon", NpgsqlDbType.Varchar);
                await writer.WriteAsync("69", NpgsqlDbType.Varchar);
                await writer.WriteAsync("""{"regime":"general","composition":"couple","dateNaissance":"1980-05-17","niveau":"confort"}""", NpgsqlDbType.Jsonb);
                await writer.WriteAsync("Stock", NpgsqlDbType.Varchar);
                await writer.WriteAsync(16m, NpgsqlDbType.Numeric);
                await writer.WriteAsync(1, NpgsqlDbType.Integer);
                await writer.WriteAsync(0, NpgsqlDbType.Integer);
                await writer.WriteAsync(0, NpgsqlDbType.Integer);
                await writer.WriteAsync(now, NpgsqlDbType.TimestampTz);
                await writer.WriteAsync(now, NpgsqlDbType.TimestampTz);
                await writer.WriteAsync(now.AddHours(-1), NpgsqlDbType.TimestampTz);
            }
            await writer.CompleteAsync();
        }
        await tx.CommitAsync();
        return clock.Elapsed.TotalSeconds;
    }

    private static async Task ApiAsync(BenchHost host, Guid provider, int requests, string consentParis)
    {
        var (_, key) = await host.Services.GetRequiredService<ApiKeyService>().CreateAsync(provider, "bench", provider);
        using var client = new HttpClient { BaseAddress = host.Address };
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        var capturedAt = DateTimeOffset.UtcNow.AddHours(-1);
        object Body(int i) => new
        {
            productCode = "MUTUELLE_SANTE", firstName = "Éloïse", lastName = "Api", phone = $"07{70_000_000 + i}", email = $"api.{i}@bench.fr",
            zipCode = "20000", city = "Ajaccio",
            attributes = new { regime = "general", composition = "couple", dateNaissance = "1980-05-17", niveau = "confort" },
            consent = new { text = "J'accepte", textVersion = "v1", capturedAt, ipAddress = "203.0.113.7", userAgent = "bench", sourceUrl = "https://exemple.fr", partners = new[] { "A" } },
        };
        for (var i = 0; i < 50; i++)
            (await client.PostAsJsonAsync("/api/v1/leads", Body(1_000_000 + i))).EnsureSuccessStatusCode();

        var latencies = new System.Collections.Concurrent.ConcurrentBag<double>();
        var next = -1;
        var failures = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < requests)
            {
                var sw = Stopwatch.StartNew();
                var response = await client.PostAsJsonAsync("/api/v1/leads", Body(i));
                latencies.Add(sw.Elapsed.TotalMilliseconds);
                if ((int)response.StatusCode != 201)
                    Interlocked.Increment(ref failures);
            }
        })));
        var all = latencies.ToList();
        Console.WriteLine($"api POST /api/v1/leads, {requests:N0} leads, 16 concurrent clients: {requests / clock.Elapsed.TotalSeconds:N0} leads/s, " +
                          $"p50 {Stats.Ms(Stats.Percentile(all, 50))}, p99 {Stats.Ms(Stats.Percentile(all, 99))}, {failures} not created");
    }
}
