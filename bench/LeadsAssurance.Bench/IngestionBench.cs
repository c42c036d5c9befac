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
    private const string Header = "Prénom;Nom;Téléphone;E-mail;Code postal;Ville;Régime social;Personnes à assurer;Date de naissance;Niveau de garanties souhaité;" +
                                  "Consentement;Version;Date du consentement;Adresse IP;Navigateur;URL;Partenaires";

    public static async Task RunAsync(BenchHost host, int rows, int apiRequests)
    {
        var provider = (await host.AddBrokersAsync(1, AccountRole.Provider))[0];
        var consent = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow.AddHours(-1), TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris"))
            .ToString("dd/MM/yyyy HH:mm", System.Globalization.CultureInfo.InvariantCulture);
        var path = await WriteCsvAsync(rows, phoneBase: 10_000_000, tag: "bench", consent);
        var warm = await WriteCsvAsync(2_000, phoneBase: 30_000_000, tag: "warm", consent);
        var imports = host.Services.GetRequiredService<LeadImports>();

        // Warm-up on a small file (JIT, schema compilation, pools), not measured.
        await ImportAsync(imports, provider, warm);
        File.Delete(warm);

        var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        long peak = heapBefore;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                peak = Math.Max(peak, GC.GetTotalMemory(false));
                await Task.Delay(20);
            }
        });
        var clock = Stopwatch.StartNew();
        var (import, uploadSeconds) = await ImportAsync(imports, provider, path);
        var totalSeconds = clock.Elapsed.TotalSeconds;
        var importSeconds = totalSeconds - uploadSeconds;
        await sampling.CancelAsync();
        await sampler;

        var rawSeconds = await RawCopyAsync(host.ConnectionString, provider, rows);
        var importRate = rows / importSeconds;
        var rawRate = rows / rawSeconds;
        Console.WriteLine($"csv import, {rows:N0} rows ({new FileInfo(path).Length / 1024 / 1024} MB):");
        Console.WriteLine($"  upload step (copy, format detection, row count, preview):   {uploadSeconds:0.0} s");
        Console.WriteLine($"  import step (validation, dedupe, consent chain, COPY):      {importRate:N0} rows/s, {import.Accepted:N0} accepted, {import.Invalid + import.Duplicates} refused");
        Console.WriteLine($"  both steps end to end:                                      {rows / totalSeconds:N0} rows/s");
        Console.WriteLine($"  raw binary COPY of the same rows into leads:               {rawRate:N0} rows/s");
        Console.WriteLine($"  ratio import / raw = {importRate / rawRate:0.00} (target >= 0.25 and >= 10,000 rows/s)");
        Console.WriteLine($"  peak managed heap growth during the import: {(peak - heapBefore) / 1024.0 / 1024.0:0.0} MB (streamed: independent of the file size)");
        File.Delete(path);

        await ApiAsync(host, provider, apiRequests, consent);
    }

    private static async Task<string> WriteCsvAsync(int rows, int phoneBase, string tag, string consentParis)
    {
        var path = Path.Combine(Path.GetTempPath(), $"bench-import-{tag}-{Guid.NewGuid():N}.csv");
        await using var writer = new StreamWriter(path, false, new UTF8Encoding(false));
        await writer.WriteLineAsync(Header);
        for (var i = 0; i < rows; i++)
            await writer.WriteLineAsync($"Élodie;Bench;06{phoneBase + i};elodie.{i}@{tag}.fr;69003;;Régime général;Couple;17/05/1980;Confort;" +
                                        $"\"J'accepte d'être rappelée\";v2;{consentParis};203.0.113.9;Mozilla/5.0;https://exemple.fr/mutuelle;Cabinet A|Cabinet B");
        return path;
    }

    /// <summary>The page's two steps: upload (then the provider checks the mapping), and the import itself.</summary>
    private static async Task<(ImportSummary Import, double UploadSeconds)> ImportAsync(LeadImports imports, Guid provider, string path)
    {
        var clock = Stopwatch.StartNew();
        await using var stream = File.OpenRead(path);
        var file = await imports.UploadAsync(stream, Path.GetFileName(path));
        var uploadSeconds = clock.Elapsed.TotalSeconds;
        var mapping = ImportTargets.Suggest(file.Headers, await imports.TargetsAsync("MUTUELLE_SANTE"));
        var id = await imports.CreateAsync(provider, "MUTUELLE_SANTE", file, mapping);
        await imports.RunAsync(id);
        return ((await imports.GetAsync(provider, id))!, uploadSeconds);
    }

    /// <summary>The same number of rows, already normalised in memory, written by one binary COPY.</summary>
    private static async Task<double> RawCopyAsync(string connectionString, Guid provider, int rows)
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
                await writer.WriteAsync($"+337{10_000_000 + i}", NpgsqlDbType.Varchar);
                await writer.WriteAsync($"raw.{i}@bench.fr", NpgsqlDbType.Varchar);
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
            productCode = "MUTUELLE_SANTE", firstName = "Éloïse", lastName = "Api", phone = $"06{20_000_000 + i}", email = $"api.{i}@bench.fr",
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
