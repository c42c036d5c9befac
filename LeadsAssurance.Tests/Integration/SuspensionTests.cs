using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LeadsAssurance.Domain.Accounts;
using LeadsAssurance.Domain.Leads;
using LeadsAssurance.Domain.Market;
using LeadsAssurance.Domain.Payments;
using LeadsAssurance.Tests.Infrastructure;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LeadsAssurance.Tests.Integration;

/// <summary>An admin suspends a broker: his holds go back on sale at once, and every node refuses him within seconds.</summary>
public class SuspensionTests(MarketFactory app) : IClassFixture<MarketFactory>
{
    private static Task<HttpResponseMessage> SuspendAsync(AppFactory node, Guid accountId) =>
        node.CreateApiClient(AppFactory.AdminApiKey).PostAsJsonAsync($"/api/v1/admin/accounts/{accountId}/suspend", new { reason = "Impayés" });

    [Fact]
    public async Task ASuspendedBrokersHoldsAreReleasedAtOnceAndHisLeadsAreBackOnSale()
    {
        var (brokerId, key) = await app.CreateAccountAsync("Broker", approve: true);
        var (_, otherKey) = await app.CreateAccountAsync("Broker", approve: true);
        await TestData.TopUpAsync(app.Services, brokerId, 200m);
        var broker = app.CreateApiClient(key);
        await using var db = app.CreateDbContext();
        var provider = (await TestData.AddAccountsAsync(db, AccountRole.Provider, 1, app.Clock.GetUtcNow()))[0];
        var leads = await TestData.AddLeadsAsync(db, provider, 2, app.Clock.GetUtcNow(), "ASSURANCE_MOTO");
        var holds = new List<Guid>();
        foreach (var lead in leads)
            holds.Add((await (await broker.PostAsync($"/api/v1/market/{lead.Id}/reserve", null)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("reservationId").GetGuid());
        var released = new ConcurrentQueue<LeadReleased>();
        using var subscription = app.Services.GetRequiredService<MarketNotifier>().Subscribe(e => { if (e is LeadReleased r) released.Enqueue(r); return Task.CompletedTask; });

        (await SuspendAsync(app, brokerId)).StatusCode.Should().Be(HttpStatusCode.OK);

        var ids = leads.Select(l => l.Id).ToList();
        (await db.Reservations.AsNoTracking().Where(r => holds.Contains(r.Id)).Select(r => r.Status).ToListAsync())
            .Should().Equal(ReservationStatus.Cancelled, ReservationStatus.Cancelled);
        (await db.Leads.AsNoTracking().Where(l => ids.Contains(l.Id)).ToListAsync()).Should().OnlyContain(l => l.Status == LeadStatus.Stock && l.HeldCount == 0);
        (await Eventually.TrueAsync(() => ids.All(id => released.Any(r => r.LeadId == id)))).Should().BeTrue("every screen learns the leads are back");
        var market = app.Services.GetRequiredService<MarketService>();
        var pay = () => market.PayWithCreditsAsync(holds[0], brokerId);
        await pay.Should().ThrowAsync<HoldExpiredException>("a page left open cannot pay a released hold either");
        (await app.CreateApiClient(otherKey).PostAsync($"/api/v1/market/{leads[0].Id}/reserve", null)).StatusCode.Should().Be(HttpStatusCode.Created);
        (await app.Services.GetRequiredService<LeadsAssurance.Domain.Ledger.LedgerService>().GetBalanceAsync(brokerId)).Should().Be(200m);
    }

    [Fact]
    public async Task ACardPaymentArrivingAfterTheSuspensionBuysNothingAndStaysAsCredits()
    {
        await using var payments = await AppFactory.StartAsync<PaymentFactory>();
        var lead = await payments.LeadAsync();
        var (brokerId, client) = await payments.BrokerAsync(credits: 5m);
        var hold = await payments.Services.GetRequiredService<MarketService>().ReserveAsync(lead.Id, brokerId);
        var payment = await payments.Payments.StartHeldLeadAsync(brokerId, hold.ReservationId, "https://app.exemple.fr");

        (await SuspendAsync(payments, brokerId)).StatusCode.Should().Be(HttpStatusCode.OK);
        var webhook = await payments.DeliverAsync(FakeStripe.Event(payments.SessionOf(payment)));

        webhook.StatusCode.Should().Be(HttpStatusCode.OK);
        (await payments.Payments.GetAsync(brokerId, payment.Id))!.Outcome.Should().Be(CardPaymentOutcome.CreditsKept);
        (await payments.BalanceAsync(brokerId)).Should().Be(lead.Price, "his 5 € and the card payment, nothing charged");
        await using var db = payments.CreateDbContext();
        (await db.Purchases.AnyAsync(p => p.LeadId == lead.Id)).Should().BeFalse();
        (await db.Leads.SingleAsync(l => l.Id == lead.Id)).Status.Should().Be(LeadStatus.Stock);
    }

    [Fact]
    public async Task ASuspensionOnOneNodeIsSeenByAnotherWithinSeconds()
    {
        await using var nodeB = await SecondNodeFactory.StartAsync(app);
        var (brokerId, key) = await app.CreateAccountAsync("Broker", approve: true);
        var onB = nodeB.CreateApiClient(key);
        (await onB.GetAsync("/api/v1/market")).StatusCode.Should().Be(HttpStatusCode.OK, "node B serves the broker before the suspension");
        await using var hubOnB = new HubConnectionBuilder()
            .WithUrl(new Uri(nodeB.Server.BaseAddress, "/hubs/market"), o =>
            {
                o.HttpMessageHandlerFactory = _ => nodeB.Server.CreateHandler();
                o.Transports = HttpTransportType.LongPolling;
                o.Headers["X-Api-Key"] = key;
            })
            .Build();
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        hubOnB.Closed += _ => { closed.TrySetResult(); return Task.CompletedTask; };
        await hubOnB.StartAsync();

        (await SuspendAsync(app, brokerId)).StatusCode.Should().Be(HttpStatusCode.OK);

        (await Eventually.TrueAsync(async () => (await onB.GetAsync("/api/v1/market")).StatusCode == HttpStatusCode.Forbidden, TimeSpan.FromSeconds(5)))
            .Should().BeTrue("node B refuses the suspended broker's next calls within seconds");
        (await Eventually.TrueAsync(() => closed.Task.IsCompleted, TimeSpan.FromSeconds(5))).Should().BeTrue("node B closes his live feed too");
    }
}
