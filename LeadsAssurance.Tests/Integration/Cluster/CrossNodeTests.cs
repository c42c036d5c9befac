using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LeadsAssurance.Tests.EndToEnd;
using LeadsAssurance.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Playwright;

namespace LeadsAssurance.Tests.Integration.Cluster;

/// <summary>Two nodes behind nginx share one market, one login and one view of each account.</summary>
[Collection(LocalClusterCollection.Name)]
[Trait("Category", "Slow")]
public class CrossNodeTests(LocalCluster cluster)
{
    [Fact]
    public async Task ASaleOnOneNodeReachesABrowserAndAHubClientOnTheOther()
    {
        var (_, providerKey, _) = await cluster.CreateAccountAsync("Provider");
        var (buyerId, buyerKey, _) = await cluster.CreateAccountAsync("Broker");
        var (_, watcherKey, watcherEmail) = await cluster.CreateAccountAsync("Broker");
        await TopUpAsync(buyerId, 100m);
        await using var hub = await ClusterHub.ConnectAsync(cluster.Node(2), watcherKey);
        var sold = new ConcurrentQueue<Guid>();
        hub.On<JsonElement>("LeadSold", e => sold.Enqueue(e.GetProperty("leadId").GetGuid()));
        var page = await cluster.NewPageAsync(cluster.Node(2));
        await page.LogInAsync(watcherEmail, ClusterApi.Password);
        await page.GotoAsync("/market?product=MUTUELLE_SANTE");
        await page.WaitForCircuitAsync();

        var listed = (await ClusterLeads.PostAsync(cluster, cluster.Node(1), providerKey, 1))[0];
        var lead = listed.Id;
        var row = page.Locator($"[data-lead-id='{lead}']");
        await Assertions.Expect(row).ToBeVisibleAsync();
        var buyer = cluster.Client(cluster.Node(1), buyerKey);
        var hold = await (await buyer.PostAsync($"/api/v1/market/{lead}/reserve", null)).Content.ReadFromJsonAsync<JsonElement>();
        var paid = await buyer.PostAsJsonAsync($"/api/v1/reservations/{hold.GetProperty("reservationId").GetGuid()}/pay", new { method = "credits" });

        paid.StatusCode.Should().Be(HttpStatusCode.OK);
        await Assertions.Expect(row).ToHaveCountAsync(0);
        (await Eventually.TrueAsync(() => sold.Contains(lead))).Should().BeTrue("the hub client on node 2 hears a sale made on node 1");
        (await page.ContentAsync()).ShouldNotReveal(listed.Contact, "the market room on node 2");
        (await buyer.GetStringAsync("/api/v1/purchases")).Should().Contain(listed.Email, "the buyer, and only he, gets the contact");
    }

    [Fact]
    public async Task ACookieIssuedByOneNodeIsAcceptedByTheOtherAndSurvivesItsRestart()
    {
        var (_, _, email) = await cluster.CreateAccountAsync("Broker");
        var page = await cluster.NewPageAsync(cluster.Node(1));
        await page.LogInAsync(email, ClusterApi.Password);

        await page.GotoAsync(new Uri(cluster.Node(2), "/market").ToString());
        await page.WaitForCircuitAsync();
        await Assertions.Expect(page.GetByTestId("balance")).ToBeVisibleAsync();
        page.Url.Should().Contain("/market", "node 2 reads node 1's cookie with the keys both take from PostgreSQL");

        await cluster.KillNodeAsync(2);
        await cluster.StartNodeAsync(2);
        await page.GotoAsync(new Uri(cluster.Node(2), "/credits").ToString());
        await page.WaitForCircuitAsync();
        page.Url.Should().Contain("/credits", "a restart logs nobody out");
        await Assertions.Expect(page.GetByTestId("credits-balance")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task AnAdminTopUpOnOneNodeMovesTheBalanceChipOfABrowserOnTheOther()
    {
        var (brokerId, _, email) = await cluster.CreateAccountAsync("Broker");
        var page = await cluster.NewPageAsync(cluster.Node(2));
        await page.LogInAsync(email, ClusterApi.Password);
        await page.GotoAsync("/market?product=MUTUELLE_SANTE");
        await page.WaitForCircuitAsync();
        await Assertions.Expect(page.GetByTestId("balance")).ToHaveTextAsync("0,00 €");

        await TopUpAsync(brokerId, 42.50m);

        await Assertions.Expect(page.GetByTestId("balance")).ToHaveTextAsync("42,50 €");
    }

    [Fact]
    public async Task ASuspensionOnOneNodeRefusesTheNextRequestOnTheOtherAndClosesItsHubConnection()
    {
        var (brokerId, key, _) = await cluster.CreateAccountAsync("Broker");
        var onNode2 = cluster.Client(cluster.Node(2), key);
        (await onNode2.GetAsync("/api/v1/market")).StatusCode.Should().Be(HttpStatusCode.OK, "the key is cached on node 2 now");
        await using var hub = await ClusterHub.ConnectAsync(cluster.Node(2), key);
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        hub.Closed += _ => { closed.TrySetResult(); return Task.CompletedTask; };

        var suspended = await cluster.Client(cluster.Node(1), LocalCluster.AdminApiKey)
            .PostAsJsonAsync($"/api/v1/admin/accounts/{brokerId}/suspend", new { reason = "Test" });
        suspended.EnsureSuccessStatusCode();

        (await Eventually.TrueAsync(async () => (await onNode2.GetAsync("/api/v1/market")).StatusCode == HttpStatusCode.Forbidden, TimeSpan.FromSeconds(3)))
            .Should().BeTrue("node 2 drops the cached key as soon as node 1 announces the suspension");
        (await Task.WhenAny(closed.Task, Task.Delay(TimeSpan.FromSeconds(5)))).Should().Be(closed.Task, "the hub closes a suspended account's connection");
    }

    private async Task TopUpAsync(Guid brokerId, decimal amount) =>
        (await cluster.Client(cluster.Node(1), LocalCluster.AdminApiKey)
            .PostAsJsonAsync($"/api/v1/admin/accounts/{brokerId}/credits", new { amount, reference = $"VIR-{Guid.NewGuid():N}" }))
        .EnsureSuccessStatusCode();
}
