using System.Net;
using System.Text;
using LeadsAssurance.Tests.EndToEnd;
using LeadsAssurance.Tests.Infrastructure;
using Microsoft.Playwright;

namespace LeadsAssurance.Tests.Integration.Cluster;

/// <summary>Stripe retries and parallel deliveries land on any node: the money is credited once.</summary>
[Collection(LocalClusterCollection.Name)]
[Trait("Category", "Slow")]
public class StripeWebhookClusterTests(LocalCluster cluster)
{
    [Fact]
    public async Task AWebhookDeliveredFiveTimesInParallelToEachNodeCreditsOnceAndMovesTheChipOnBoth()
    {
        var (brokerId, _, email) = await cluster.CreateAccountAsync("Broker");
        var payer = await cluster.NewPageAsync(cluster.Node(1));
        await payer.LogInAsync(email, ClusterApi.Password);
        var watcher = await cluster.NewPageAsync(cluster.Node(2));
        await watcher.LogInAsync(email, ClusterApi.Password);
        await watcher.GotoAsync("/market?product=MUTUELLE_SANTE");
        await watcher.WaitForCircuitAsync();
        await payer.GotoAsync("/credits");
        await payer.WaitForCircuitAsync();
        await payer.GetByTestId("topup-amount").FillAsync("75");
        await payer.GetByTestId("topup-pay").ClickAsync();
        await payer.WaitForURLAsync(url => url.Contains("/pay/cs_test_"));
        var session = cluster.Stripe.Sessions.Single(s => s.Metadata["brokerId"] == brokerId.ToString());
        var payload = FakeStripe.Event(session);

        var deliveries = await Task.WhenAll(Enumerable.Range(0, 10).Select(async i =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/stripe") { Content = new StringContent(payload, Encoding.UTF8, "application/json") };
            request.Headers.Add("Stripe-Signature", FakeStripe.Sign(payload, DateTimeOffset.UtcNow));
            using var response = await cluster.Client(cluster.Node(1 + i % 2)).SendAsync(request);
            return response.StatusCode;
        }));

        deliveries.Should().OnlyContain(s => s == HttpStatusCode.OK);
        (await cluster.QueryAsync<long>("select count(*) from credit_ledger where account_id = $1", brokerId)).Should().Be(1);
        (await cluster.QueryAsync<decimal>("select coalesce(sum(amount), 0) from credit_ledger where account_id = $1", brokerId)).Should().Be(75m);
        (await cluster.QueryAsync<long>("select count(*) from stripe_events where id = $1", System.Text.Json.JsonDocument.Parse(payload).RootElement.GetProperty("id").GetString()!))
            .Should().Be(1);
        await Assertions.Expect(watcher.GetByTestId("balance")).ToHaveTextAsync("75,00 €");
        await payer.GotoAsync(session.SuccessUrl);
        await Assertions.Expect(payer.GetByTestId("payment-message")).ToContainTextAsync("ajoutés à vos crédits");
    }
}
