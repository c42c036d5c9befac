using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LeadsAssurance.Domain.Email;
using LeadsAssurance.Domain.Flows;
using LeadsAssurance.Domain.Flows.Webhooks;
using LeadsAssurance.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace LeadsAssurance.Tests.Integration.Flows;

/// <summary>Flow deliveries POSTed to a broker's CRM over real HTTP: signature, retries, failure, resend, restart.</summary>
public class FlowWebhookTests(MarketFactory app) : IClassFixture<MarketFactory>
{
    private FlowWorld World => new(app, app.Clock.GetUtcNow());

    /// <summary>A broker with a flow on <paramref name="departement"/> whose webhook is <paramref name="receiver"/>; returns its id and secret.</summary>
    private static async Task<(Guid FlowId, string Secret)> FlowAsync(HttpClient broker, string departement, WebhookReceiver receiver)
    {
        var response = await broker.PostAsJsonAsync("/api/v1/flows", new
        {
            name = "CRM", productCodes = new[] { "MUTUELLE_SANTE" }, departements = new[] { departement }, webhookUrl = receiver.Url.ToString(),
        });
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (created.GetProperty("id").GetGuid(), created.GetProperty("webhookSecret").GetString()!);
    }

    private static async Task<JsonElement> DeliveryAsync(HttpClient broker, Guid flowId) =>
        (await broker.GetFromJsonAsync<JsonElement>($"/api/v1/flows/{flowId}/deliveries")).EnumerateArray().Single();

    private async Task<bool> CallsAsync(WebhookReceiver receiver, int count) =>
        await Eventually.TrueAsync(() => receiver.Calls.Count >= count, TimeSpan.FromSeconds(20));

    private static async Task<int> AttemptsAsync(HttpClient broker, Guid flowId) =>
        (await DeliveryAsync(broker, flowId)).GetProperty("attempts").GetInt32();

    /// <summary>
    /// Moves the app's clock to the next retry, then on by a few seconds at a time (the sender's poll timer runs on
    /// that clock) until the attempt is recorded.
    /// </summary>
    private async Task<bool> RetryAsync(TimeSpan delay, HttpClient broker, Guid flowId, int attempt)
    {
        app.Clock.Advance(delay);
        return await Eventually.TrueAsync(async () =>
        {
            if (await AttemptsAsync(broker, flowId) >= attempt)
                return true;
            app.Clock.Advance(TimeSpan.FromSeconds(2));
            return false;
        }, TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task ASignedDeliveryThatFailsTwiceIsDeliveredOnTheThirdAttemptWithEveryAttemptLogged()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Answer = n => n <= 2 ? 500 : 200;
        var (brokerId, broker) = await World.BrokerAsync();
        var (flowId, secret) = await FlowAsync(broker, "13", receiver);
        var leadId = (await World.PostAsync(await World.ProviderAsync(), "13", 1)).Single();

        (await Eventually.TrueAsync(async () => await AttemptsAsync(broker, flowId) == 1)).Should().BeTrue("a new delivery is sent at once");
        app.Clock.Advance(TimeSpan.FromSeconds(50));
        await Task.Delay(300);
        (await AttemptsAsync(broker, flowId)).Should().Be(1, "the first retry waits a minute");
        (await RetryAsync(TimeSpan.FromSeconds(10), broker, flowId, 2)).Should().BeTrue("the first retry comes after a minute");
        (await RetryAsync(TimeSpan.FromMinutes(5), broker, flowId, 3)).Should().BeTrue("the second retry comes five minutes later");

        (await Eventually.TrueAsync(async () => (await DeliveryAsync(broker, flowId)).GetProperty("status").GetString() == "Delivered")).Should().BeTrue();
        var delivery = await DeliveryAsync(broker, flowId);
        delivery.GetProperty("attempts").GetInt32().Should().Be(3);
        receiver.Calls.Should().HaveCount(3);
        var bodies = receiver.Calls.Select(c => JsonDocument.Parse(c.Body).RootElement).ToList();
        bodies.Select(b => b.GetProperty("id").GetGuid()).Distinct().Should().Equal([delivery.GetProperty("id").GetGuid()], "receivers deduplicate on the delivery id");
        foreach (var call in receiver.Calls)
        {
            call.ContentType.Should().StartWith("application/json");
            WebhookSignature.Verify(secret, call.Signature, call.Body, call.At, TimeSpan.FromMinutes(5)).Should().BeFalse(
                "the signature's time is the app's (fake) clock, not the receiver's: a receiver rejects it as too old");
            WebhookSignature.Verify(secret, call.Signature, call.Body, app.Clock.GetUtcNow(), TimeSpan.FromHours(1)).Should().BeTrue("signed with the flow's secret");
            WebhookSignature.Verify("whsec_" + new string('0', 64), call.Signature, call.Body, app.Clock.GetUtcNow(), TimeSpan.FromHours(1)).Should().BeFalse();
            var tampered = call.Body.ToArray();
            tampered[^2] ^= 1;
            WebhookSignature.Verify(secret, call.Signature, tampered, app.Clock.GetUtcNow(), TimeSpan.FromHours(1)).Should().BeFalse();
        }
        var body = bodies[^1];
        body.GetProperty("type").GetString().Should().Be("lead.purchased");
        var data = body.GetProperty("data");
        data.GetProperty("flowId").GetGuid().Should().Be(flowId);
        data.GetProperty("price").GetDecimal().Should().BePositive();
        var lead = data.GetProperty("lead");
        lead.GetProperty("id").GetGuid().Should().Be(leadId);
        lead.GetProperty("phone").GetString().Should().StartWith("+33");
        foreach (var field in new[] { "productCode", "firstName", "lastName", "email", "zipCode", "city", "departement", "proofHash" })
            lead.GetProperty(field).GetString().Should().NotBeNullOrEmpty(field);
        lead.GetProperty("attributes").ValueKind.Should().Be(JsonValueKind.Object);
        lead.GetProperty("certificateUrl").GetString().Should().EndWith($"/api/v1/purchases/{leadId}/certificate.pdf");
        var purchases = await broker.GetFromJsonAsync<JsonElement>("/api/v1/purchases");
        purchases.EnumerateArray().Single(p => p.GetProperty("id").GetGuid() == leadId).GetProperty("flowId").GetGuid().Should().Be(flowId);

        await using var db = app.CreateDbContext();
        data.GetProperty("purchaseId").GetGuid().Should().Be(await db.Purchases.Where(p => p.LeadId == leadId && p.BrokerId == brokerId).Select(p => p.Id).SingleAsync());
        var attempts = await db.FlowDeliveryAttempts.Where(a => a.DeliveryId == delivery.GetProperty("id").GetGuid()).OrderBy(a => a.Id).ToListAsync();
        attempts.Select(a => a.StatusCode).Should().Equal(500, 500, 200);
        attempts.Should().OnlyContain(a => a.DurationMs >= 0);
        attempts[0].ResponseExcerpt.Should().StartWith("erreur simulée xxx");
        System.Text.Encoding.UTF8.GetByteCount(attempts[0].ResponseExcerpt!).Should().Be(FlowDeliveryAttempt.MaxResponseExcerpt, "the first 2 KB of a 3 KB answer are kept");
        attempts[2].ResponseExcerpt.Should().Be("ok");
        (await db.OutboundEmails.CountAsync(e => e.Template == EmailTemplate.FlowWebhookFailed)).Should().Be(0);
    }

    [Fact]
    public async Task ACrmDownThroughEveryRetryFailsTheDeliveryTellsTheBrokerAndAResendDeliversIt()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Down = true;
        var (brokerId, broker) = await World.BrokerAsync();
        var (flowId, _) = await FlowAsync(broker, "33", receiver);
        await World.PostAsync(await World.ProviderAsync(), "33", 1);

        Task<int> AttemptsAsync() => FlowWebhookTests.AttemptsAsync(broker, flowId);
        (await Eventually.TrueAsync(async () => await AttemptsAsync() == 1)).Should().BeTrue();
        foreach (var (delay, attempt) in FlowWebhookOptions.DefaultRetryDelays.Select((d, i) => (d, i + 2)))
        {
            (await DeliveryAsync(broker, flowId)).GetProperty("status").GetString().Should().Be("Pending");
            (await RetryAsync(delay, broker, flowId, attempt)).Should().BeTrue($"attempt {attempt} comes {delay} after the previous one");
        }
        var failed = await DeliveryAsync(broker, flowId);
        failed.GetProperty("status").GetString().Should().Be("Failed");
        failed.GetProperty("attempts").GetInt32().Should().Be(6);
        receiver.Calls.Should().BeEmpty("every call's connection was dropped");
        for (var i = 0; i < 10; i++)
        {
            app.Clock.Advance(TimeSpan.FromHours(12));
            await Task.Delay(100);
        }
        (await AttemptsAsync()).Should().Be(6, "a failed delivery is not retried on its own");
        await using (var db = app.CreateDbContext())
        {
            var broker1 = await db.Users.SingleAsync(u => u.Id == brokerId);
            (await db.OutboundEmails.CountAsync(e => e.Recipient == broker1.Email && e.Template == EmailTemplate.FlowWebhookFailed)).Should().Be(1);
        }

        receiver.Down = false;
        var resend = await broker.PostAsync($"/api/v1/deliveries/{failed.GetProperty("id").GetGuid()}/resend", null);
        resend.StatusCode.Should().Be(HttpStatusCode.Accepted);
        (await Eventually.TrueAsync(async () => (await DeliveryAsync(broker, flowId)).GetProperty("status").GetString() == "Delivered")).Should().BeTrue();
        receiver.Calls.Should().ContainSingle();
        (await AttemptsAsync()).Should().Be(7);
    }

    [Fact]
    public async Task ADeliveryPendingWhenItsNodeStopsIsSentByTheNextNodeToStart()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Answer = n => n == 1 ? 503 : 200;
        var (_, broker) = await World.BrokerAsync();
        var (flowId, secret) = await FlowAsync(broker, "31", receiver);
        await World.PostAsync(await World.ProviderAsync(), "31", 1);
        (await CallsAsync(receiver, 1)).Should().BeTrue();
        (await Eventually.TrueAsync(async () => (await DeliveryAsync(broker, flowId)).GetProperty("attempts").GetInt32() == 1)).Should().BeTrue();

        // This node's sender stops (the node goes down); a node started later on the same database takes over.
        await app.Services.GetRequiredService<FlowWebhookSender>().StopAsync(CancellationToken.None);
        try
        {
            await using var next = await AppFactory.StartAsync(new MarketFactory
            {
                DatabaseOf = app,
                Clock = new FakeTimeProvider(app.Clock.GetUtcNow() + TimeSpan.FromMinutes(2)),
            });
            (await CallsAsync(receiver, 2)).Should().BeTrue("the restarted sender finds the retry due in the table");
            (await Eventually.TrueAsync(async () => (await DeliveryAsync(broker, flowId)).GetProperty("status").GetString() == "Delivered")).Should().BeTrue();
            receiver.Calls.Select(c => JsonDocument.Parse(c.Body).RootElement.GetProperty("id").GetGuid()).Distinct().Should().ContainSingle();
            WebhookSignature.Verify(secret, receiver.Calls[1].Signature, receiver.Calls[1].Body, app.Clock.GetUtcNow(), TimeSpan.FromHours(1))
                .Should().BeTrue("the other node signs with the same secret, through the shared Data Protection keys");
        }
        finally
        {
            await app.Services.GetRequiredService<FlowWebhookSender>().StartAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task ACallThatGetsNoAnswerInTimeIsLoggedAsATimeout()
    {
        await using var slow = await AppFactory.StartAsync(new MarketFactory { Settings = new() { ["Flows:WebhookTimeout"] = "00:00:01" } });
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Answer = _ =>
        {
            Thread.Sleep(3000);
            return 200;
        };
        var world = new FlowWorld(slow, slow.Clock.GetUtcNow());
        var (_, broker) = await world.BrokerAsync();
        var (flowId, _) = await FlowAsync(broker, "59", receiver);
        await world.PostAsync(await world.ProviderAsync(), "59", 1);

        (await Eventually.TrueAsync(async () => (await DeliveryAsync(broker, flowId)).GetProperty("attempts").GetInt32() == 1)).Should().BeTrue();
        await using var db = slow.CreateDbContext();
        var attempt = await db.FlowDeliveryAttempts.SingleAsync();
        attempt.StatusCode.Should().BeNull();
        attempt.Error.Should().Be("Pas de réponse en 1 s.");
        (await DeliveryAsync(broker, flowId)).GetProperty("status").GetString().Should().Be("Pending");
    }
}
