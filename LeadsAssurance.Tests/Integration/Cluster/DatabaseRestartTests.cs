using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LeadsAssurance.Tests.EndToEnd;
using LeadsAssurance.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Playwright;

namespace LeadsAssurance.Tests.Integration.Cluster;

/// <summary>PostgreSQL restarted under load (pg_ctl restart -m fast) while both nodes serve.</summary>
[Collection(LocalClusterCollection.Name)]
[Trait("Category", "Slow")]
public class DatabaseRestartTests(LocalCluster cluster)
{
    [Fact]
    public async Task DuringARestartRequestsGetClean503sThenListenersResyncAndHoldsAndPaymentsWorkWithinTenSeconds()
    {
        var (_, providerKey, _) = await cluster.CreateAccountAsync("Provider");
        var (brokerId, brokerKey, brokerEmail) = await cluster.CreateAccountAsync("Broker");
        (await cluster.Client(cluster.Node(1), LocalCluster.AdminApiKey)
            .PostAsJsonAsync($"/api/v1/admin/accounts/{brokerId}/credits", new { amount = 500m, reference = $"VIR-{Guid.NewGuid():N}" }))
            .EnsureSuccessStatusCode();
        var resyncs = new ConcurrentDictionary<int, int>();
        await using var hub1 = await ClusterHub.ConnectAsync(cluster.Node(1), brokerKey);
        await using var hub2 = await ClusterHub.ConnectAsync(cluster.Node(2), brokerKey);
        hub1.On("MarketResync", () => resyncs.AddOrUpdate(1, 1, (_, n) => n + 1));
        hub2.On("MarketResync", () => resyncs.AddOrUpdate(2, 1, (_, n) => n + 1));
        var page = await cluster.NewPageAsync(cluster.Node(2));
        await page.LogInAsync(brokerEmail, ClusterApi.Password);
        await page.GotoAsync("/market?product=MUTUELLE_SANTE");
        await page.WaitForCircuitAsync();

        var answers = new ConcurrentBag<(HttpStatusCode Status, string? ContentType, string Body)>();
        using var stop = new CancellationTokenSource();
        var load = Enumerable.Range(0, 6).Select(i => Task.Run(async () =>
        {
            var client = cluster.Client(i % 2 == 0 ? cluster.Proxy : cluster.Node(1 + i % 2), brokerKey);
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    using var response = await client.GetAsync(i % 3 == 0 ? "/api/v1/me" : "/api/v1/market?pageSize=5");
                    answers.Add((response.StatusCode, response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsStringAsync()));
                }
                catch (HttpRequestException)
                {
                    // A connection nginx or Kestrel closed: not an HTTP answer, nothing to judge.
                }
                await Task.Delay(20);
            }
        })).ToList();
        await Task.Delay(500);

        await cluster.RestartPostgresAsync();
        var back = Stopwatch.StartNew();
        var failures = new ConcurrentQueue<string>();
        var lead = await FirstAsync<List<ClusterLead>>(async () => await ClusterLeads.PostAsync(cluster, cluster.Node(1), providerKey, 1), failures);
        var leadBack = back.Elapsed;
        var buyer = cluster.Client(cluster.Node(2), brokerKey);
        var paid = await FirstAsync(async () =>
        {
            var hold = await buyer.PostAsync($"/api/v1/market/{lead![0].Id}/reserve", null);
            if (hold.StatusCode != HttpStatusCode.Created)
            {
                failures.Enqueue($"{back.Elapsed.TotalSeconds:0.0} s reserve {(int)hold.StatusCode}");
                return null;
            }
            var reservation = (await hold.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("reservationId").GetGuid();
            var pay = await buyer.PostAsJsonAsync($"/api/v1/reservations/{reservation}/pay", new { method = "credits" });
            if (pay.StatusCode != HttpStatusCode.OK)
                failures.Enqueue($"{back.Elapsed.TotalSeconds:0.0} s pay {(int)pay.StatusCode}");
            return pay.StatusCode == HttpStatusCode.OK ? pay : null;
        }, failures);
        back.Stop();
        await Task.Delay(500);
        stop.Cancel();
        await Task.WhenAll(load);

        back.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(10),
            $"holds and payments work again within 10 s of the server's return (a lead was accepted after {leadBack.TotalSeconds:0.0} s; " +
            $"failed tries: {string.Join(", ", failures.Take(20))})");
        paid.Should().NotBeNull();
        answers.Should().NotBeEmpty();
        answers.Select(a => a.Status).Should().OnlyContain(s => s == HttpStatusCode.OK || s == HttpStatusCode.ServiceUnavailable,
            "an outage is a 503, never a 500 or a proxy error");
        answers.Where(a => a.Status == HttpStatusCode.ServiceUnavailable).Should().OnlyContain(a =>
            a.ContentType == "application/problem+json" && !a.Body.Contains("   at ") && !a.Body.Contains("Npgsql"));
        (await Eventually.TrueAsync(() => resyncs.ContainsKey(1) && resyncs.ContainsKey(2), TimeSpan.FromSeconds(15)))
            .Should().BeTrue("each node's listener reconnects and tells its hub clients to reload");
        // The browser's grid was told to reload too, and is live again: a new lead shows up without a reload.
        var fresh = (await ClusterLeads.PostAsync(cluster, cluster.Node(1), providerKey, 1))[0];
        await Assertions.Expect(page.Locator($"[data-lead-id='{fresh.Id}']")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("balance")).Not.ToHaveTextAsync("500,00 €");
    }

    /// <summary>Retries an action until it succeeds (returns non-null); transport errors count as "not yet".</summary>
    private static async Task<T?> FirstAsync<T>(Func<Task<T?>> action, ConcurrentQueue<string> failures) where T : class
    {
        var started = Stopwatch.StartNew();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                if (await action() is { } result)
                    return result;
            }
            catch (Exception e) when (e is HttpRequestException or Xunit.Sdk.XunitException or InvalidOperationException)
            {
                failures.Enqueue($"{started.Elapsed.TotalSeconds:0.0} s {e.GetType().Name}: {e.Message[..Math.Min(e.Message.Length, 120)]}");
            }
            await Task.Delay(100);
        }
        return null;
    }
}
