using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LeadsAssurance.Domain.Jobs;
using LeadsAssurance.Domain.Leads;
using LeadsAssurance.Domain.Market;
using LeadsAssurance.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace LeadsAssurance.Tests.Integration;

/// <summary>
/// A consent is usable for 30 days (Code des assurances R112-7): past them a lead cannot be sold, held or listed. Each
/// test moves its own app's clock.
/// </summary>
public class ConsentExpiryTests
{
    private static async Task<Guid> PostLeadAsync(MarketFactory app, DateTimeOffset capturedAt)
    {
        var (_, key) = await app.CreateAccountAsync("Provider", approve: true);
        var response = await app.CreateApiClient(key).PostAsJsonAsync("/api/v1/leads", LeadRequests.Lead(app.Clock.GetUtcNow(), consent: LeadRequests.Consent(capturedAt)));
        response.StatusCode.Should().Be(HttpStatusCode.Created);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    [Fact]
    public async Task AHoldCannotBePaidOnceTheConsentPassed30DaysAndNothingIsCharged()
    {
        await using var app = await AppFactory.StartAsync<MarketFactory>();
        var id = await PostLeadAsync(app, app.Clock.GetUtcNow().AddDays(-30).AddMinutes(2));
        var (brokerId, brokerKey) = await app.CreateAccountAsync("Broker", approve: true);
        await TestData.TopUpAsync(app.Services, brokerId, 100m);
        var broker = app.CreateApiClient(brokerKey);
        var reserve = await broker.PostAsync($"/api/v1/market/{id}/reserve", null);
        reserve.StatusCode.Should().Be(HttpStatusCode.Created, "the lead is held while its consent is still valid");
        var hold = await reserve.Content.ReadFromJsonAsync<JsonElement>();

        app.Clock.Advance(TimeSpan.FromMinutes(5));
        var pay = await broker.PostAsJsonAsync($"/api/v1/reservations/{hold.GetProperty("reservationId").GetGuid()}/pay", new { method = "credits" });

        pay.StatusCode.Should().Be(HttpStatusCode.Gone);
        (await pay.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString().Should().Be("Consent expired");
        (await broker.GetFromJsonAsync<JsonElement>("/api/v1/me")).GetProperty("balance").GetDecimal().Should().Be(100m);
        await using var db = app.CreateDbContext();
        var lead = await db.Leads.SingleAsync(l => l.Id == id);
        (lead.HeldCount, lead.SoldCount).Should().Be((0, 0));
        (await db.Reservations.SingleAsync(r => r.LeadId == id)).Status.Should().Be(ReservationStatus.Expired);
        (await db.Purchases.CountAsync(p => p.LeadId == id)).Should().Be(0);
    }

    [Fact]
    public async Task TheWithdrawalJobTakesALeadWhoseConsentPassed30DaysOffTheMarket()
    {
        await using var app = await AppFactory.StartAsync<MarketFactory>();
        var id = await PostLeadAsync(app, app.Clock.GetUtcNow().AddDays(-29));
        var (brokerId, _) = await app.CreateAccountAsync("Broker", approve: true);
        var market = app.Services.GetRequiredService<MarketService>();
        (await market.ListAsync(new MarketQuery(PageSize: 200))).Items.Should().Contain(l => l.Id == id, "the lead is on sale before its consent expires");

        var pushed = new System.Collections.Concurrent.ConcurrentQueue<LeadWithdrawn>();
        using var _ = app.Services.GetRequiredService<MarketNotifier>().Subscribe(e =>
        {
            if (e is LeadWithdrawn w)
                pushed.Enqueue(w);
            return Task.CompletedTask;
        });
        app.Clock.Advance(TimeSpan.FromDays(2));
        var scheduler = await app.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        await scheduler.TriggerJob(WithdrawExpiredConsentsJob.Key);
        await using var db = app.CreateDbContext();
        var withdrawn = await Eventually.TrueAsync(async () => await db.Leads.AsNoTracking().Where(l => l.Id == id).Select(l => l.Status).SingleAsync() == LeadStatus.Expired);

        withdrawn.Should().BeTrue("the job withdraws it on its next run");
        (await Eventually.TrueAsync(() => pushed.Any(w => w.LeadId == id && w.Reason == WithdrawalReason.ConsentExpired))).Should().BeTrue(
            "every grid drops it at once (LeadWithdrawn)");
        (await market.ListAsync(new MarketQuery(PageSize: 200))).Items.Should().NotContain(l => l.Id == id);
        await ((Func<Task>)(() => market.ReserveAsync(id, brokerId))).Should().ThrowAsync<LeadTakenException>();
    }
}
