using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using LeadsAssurance.Domain.Accounts;
using LeadsAssurance.Domain.Flows;
using LeadsAssurance.Domain.Market;
using Microsoft.Extensions.DependencyInjection;

namespace LeadsAssurance.Bench;

public static partial class FlowBench
{
    /// <summary>
    /// Single leads over real HTTP, one at a time (the next is sent once the previous one's webhook arrived, or after
    /// 10 s), each timed from the moment its POST is sent: to the 201; to <see cref="FlowDelivered"/>, which the ingestion
    /// publishes right after the transaction that accepted the lead and booked the flow's purchase committed, as a
    /// subscriber of the app's <see cref="MarketNotifier"/> in this process receives it; and to its webhook being read by
    /// <see cref="WebhookSink"/>.
    /// </summary>
    private static async Task LatencyAsync(BenchHost host, FlowBenchWorld world, WebhookSink sink, Guid provider, int leads, int warmLeads)
    {
        var (_, key) = await host.Services.GetRequiredService<ApiKeyService>().CreateAsync(provider, "bench-flows", provider);
        using var client = new HttpClient { BaseAddress = host.Address };
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        var delivered = new ConcurrentDictionary<Guid, long>();
        using var subscription = host.Services.GetRequiredService<MarketNotifier>().Subscribe(e =>
        {
            if (e is FlowDelivered d)
                delivered.TryAdd(d.LeadId, Stopwatch.GetTimestamp());
            return Task.CompletedTask;
        });
        var capturedAt = DateTimeOffset.UtcNow.AddHours(-1);
        object Body(int i) => new
        {
            productCode = "MUTUELLE_SANTE", firstName = "Éloïse", lastName = "Flux", phone = $"07{72_000_000 + i}", email = $"flux.{i}@bench.fr",
            zipCode = FlowBenchWorld.ApiZip, city = "Ajaccio",
            attributes = new { regime = "general", composition = "couple", dateNaissance = "1980-05-17", niveau = "confort" },
            consent = new { text = "J'accepte", textVersion = "v1", capturedAt, ipAddress = "203.0.113.7", userAgent = "bench", sourceUrl = "https://exemple.fr", partners = new[] { "A" } },
        };

        // First the same POSTs with every flow paused: what a lead costs when no flow buys, for reference. Not
        // interleaved with the measured ones: pausing and resuming 1,000 flows between leads would churn their rows.
        await world.SetFlowsAsync(active: false);
        var unrouted = new List<double>();
        var refusedUnrouted = 0;
        for (var i = 0; i < warmLeads + leads; i++)
        {
            var sent = Stopwatch.GetTimestamp();
            var response = await client.PostAsJsonAsync("/api/v1/leads", Body(100_000 + i));
            if ((int)response.StatusCode != 201)
                refusedUnrouted++;
            else if (i >= warmLeads)
                unrouted.Add(Stopwatch.GetElapsedTime(sent).TotalMilliseconds);
        }
        await world.SetFlowsAsync(active: true);
        await world.VacuumAsync();

        var toResponse = new List<double>();
        var toPurchase = new List<double>();
        var toWebhook = new List<double>();
        var responseToWebhook = new List<double>();
        var (refused, unsold, noWebhook) = (0, 0, 0);
        for (var i = 0; i < warmLeads + leads; i++)
        {
            var sent = Stopwatch.GetTimestamp();
            var response = await client.PostAsJsonAsync("/api/v1/leads", Body(i));
            var answered = Stopwatch.GetTimestamp();
            if ((int)response.StatusCode != 201)
            {
                refused++;
                continue;
            }
            var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
            var wait = Stopwatch.StartNew();
            while (!sink.Received.ContainsKey(id) && wait.Elapsed < TimeSpan.FromSeconds(10))
                await Task.Delay(1);
            if (i < warmLeads)
                continue;
            toResponse.Add(Stopwatch.GetElapsedTime(sent, answered).TotalMilliseconds);
            if (delivered.TryGetValue(id, out var bought))
                toPurchase.Add(Stopwatch.GetElapsedTime(sent, bought).TotalMilliseconds);
            else
                unsold++;
            if (sink.Received.TryGetValue(id, out var called))
            {
                toWebhook.Add(Stopwatch.GetElapsedTime(sent, called).TotalMilliseconds);
                responseToWebhook.Add(Stopwatch.GetElapsedTime(answered, called).TotalMilliseconds);
            }
            else
                noWebhook++;
        }

        static string Figures(List<double> ms) =>
            $"p50 {Stats.Ms(Stats.Percentile(ms, 50)),8}, p95 {Stats.Ms(Stats.Percentile(ms, 95)),8}, p99 {Stats.Ms(Stats.Percentile(ms, 99)),8}, max {Stats.Ms(ms.DefaultIfEmpty(double.NaN).Max()),8}";
        var purchaseP99 = Stats.Percentile(toPurchase, 99);
        var webhookP99 = Stats.Percentile(toWebhook, 99);
        Console.WriteLine($"flows: single API leads (POST /api/v1/leads over HTTP, one at a time), {leads} measured after {warmLeads}, " +
                          $"{FlowBenchWorld.Flows:N0} active flows ({world.WithWebhook} of them buy these leads, with a webhook):");
        Console.WriteLine($"  sent -> 201 received (lead accepted and bought by a flow, one transaction): {Figures(toResponse)}");
        Console.WriteLine($"  sent -> FlowDelivered in-process (published after that commit):             {Figures(toPurchase)} " +
                          $"(target p99 <= 50 ms: {(purchaseP99 <= 50 ? "met" : "missed")})");
        Console.WriteLine($"  sent -> webhook read by a loopback Kestrel receiver in this process:        {Figures(toWebhook)} " +
                          $"(target p99 <= 250 ms: {(webhookP99 <= 250 ? "met" : "missed")})");
        Console.WriteLine($"  201 received -> webhook read:                                               {Figures(responseToWebhook)}");
        Console.WriteLine($"  for reference, every flow paused: sent -> 201 received (no flow buys):      {Figures(unrouted)}");
        Console.WriteLine($"  {refused + refusedUnrouted} not accepted, {unsold} accepted but not bought by a flow, {noWebhook} without a webhook within 10 s, {sink.Unsigned} unsigned webhook calls");
    }
}
