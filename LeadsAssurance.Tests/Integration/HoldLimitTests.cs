using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LeadsAssurance.Domain.Accounts;
using LeadsAssurance.Domain.Leads;
using LeadsAssurance.Domain.Market;
using LeadsAssurance.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LeadsAssurance.Tests.Integration;

/// <summary>A broker holds at most Market:MaxActiveHolds leads at once (5 in production), whatever the concurrency.</summary>
public class HoldLimitTests(MarketFactory app) : IClassFixture<MarketFactory>
{
    private const string LimitMessage = "Vous avez déjà 5 leads en réservation : payez-en ou libérez-en un.";

    private static async Task<List<Lead>> LeadsAsync(AppFactory app, DateTimeOffset now, int count)
    {
        await using var db = app.CreateDbContext();
        var provider = (await TestData.AddAccountsAsync(db, AccountRole.Provider, 1, now))[0];
        return await TestData.AddLeadsAsync(db, provider, count, now, "ASSURANCE_AUTO");
    }

    private static Task<HttpResponseMessage> ReserveAsync(HttpClient broker, Lead lead) => broker.PostAsync($"/api/v1/market/{lead.Id}/reserve", null);

    [Fact]
    public async Task ASixthHoldIs429WithTheReasonInFrenchUntilTheBrokerReleasesOne()
    {
        var (_, key) = await app.CreateAccountAsync("Broker", approve: true);
        var (_, otherKey) = await app.CreateAccountAsync("Broker", approve: true);
        var broker = app.CreateApiClient(key);
        var leads = await LeadsAsync(app, app.Clock.GetUtcNow(), 6);
        var holds = new List<JsonElement>();
        foreach (var lead in leads.Take(5))
        {
            var response = await ReserveAsync(broker, lead);
            response.StatusCode.Should().Be(HttpStatusCode.Created);
            holds.Add(await response.Content.ReadFromJsonAsync<JsonElement>());
        }

        var sixth = await ReserveAsync(broker, leads[5]);
        var released = await broker.DeleteAsync($"/api/v1/reservations/{holds[0].GetProperty("reservationId").GetGuid()}");
        var sixthAgain = await ReserveAsync(broker, leads[5]);

        sixth.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        sixth.Headers.RetryAfter!.Delta.Should().Be(TimeSpan.FromMinutes(10), "the first hold ends when its 10 minutes are over (the test clock stands still)");
        sixth.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        (await sixth.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString().Should().Be(LimitMessage);
        released.StatusCode.Should().Be(HttpStatusCode.NoContent);
        sixthAgain.StatusCode.Should().Be(HttpStatusCode.Created, "a released hold no longer counts");
        (await ReserveAsync(app.CreateApiClient(otherKey), leads[0])).StatusCode.Should().Be(HttpStatusCode.Created,
            "the lead released is on sale for the others");
    }

    [Fact]
    public async Task TwentyParallelHoldsOfOneBrokerOnTwentyLeadsGiveExactlyFive()
    {
        for (var round = 0; round < 3; round++)
        {
            var (brokerId, key) = await app.CreateAccountAsync("Broker", approve: true);
            var broker = app.CreateApiClient(key);
            var leads = await LeadsAsync(app, app.Clock.GetUtcNow(), 20);
            var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

            var attempts = leads.Select(lead => Task.Run(async () =>
            {
                await start.Task;
                return await ReserveAsync(broker, lead);
            })).ToList();
            start.SetResult();
            var statuses = (await Task.WhenAll(attempts)).Select(r => r.StatusCode).ToList();

            statuses.Count(s => s == HttpStatusCode.Created).Should().Be(5, $"round {round}: {string.Join(", ", statuses)}");
            statuses.Count(s => s == HttpStatusCode.TooManyRequests).Should().Be(15);
            await using var db = app.CreateDbContext();
            (await db.Reservations.CountAsync(r => r.BrokerId == brokerId && r.Status == ReservationStatus.Active)).Should().Be(5);
            var ids = leads.Select(l => l.Id).ToList();
            var stored = await db.Leads.AsNoTracking().Where(l => ids.Contains(l.Id)).ToListAsync();
            stored.Count(l => l.Status == LeadStatus.Reserved && l.HeldCount == 1).Should().Be(5);
            stored.Count(l => l.Status == LeadStatus.Stock && l.HeldCount == 0).Should().Be(15, "a refused hold leaves its lead on sale");
        }
    }

    [Fact]
    public async Task AnExpiredHoldNoLongerCountsTowardsTheLimit()
    {
        await using var own = await AppFactory.StartAsync<MarketFactory>();
        var (_, key) = await own.CreateAccountAsync("Broker", approve: true);
        var broker = own.CreateApiClient(key);
        var leads = await LeadsAsync(own, own.Clock.GetUtcNow(), 6);
        foreach (var lead in leads.Take(5))
            (await ReserveAsync(broker, lead)).StatusCode.Should().Be(HttpStatusCode.Created);
        (await ReserveAsync(broker, leads[5])).StatusCode.Should().Be(HttpStatusCode.TooManyRequests);

        own.Clock.Advance(TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(1));
        var afterExpiry = await ReserveAsync(broker, leads[5]);

        afterExpiry.StatusCode.Should().Be(HttpStatusCode.Created, "holds past their expiry count for nothing, swept or not");
    }

    [Fact]
    public async Task AMarketRoomOpenedBeforeASuspensionHoldsNothingAfterIt()
    {
        var (brokerId, _) = await app.CreateAccountAsync("Broker", approve: true);
        var leads = await LeadsAsync(app, app.Clock.GetUtcNow(), 1);
        (await app.CreateApiClient(AppFactory.AdminApiKey).PostAsJsonAsync($"/api/v1/admin/accounts/{brokerId}/suspend", new { reason = "Test" }))
            .EnsureSuccessStatusCode();
        var market = app.Services.GetRequiredService<MarketService>();

        // The circuit of a page opened before the suspension calls the service directly, with the broker's id.
        var hold = () => market.ReserveAsync(leads[0].Id, brokerId);

        await hold.Should().ThrowAsync<AccountNotActiveException>();
        await using var db = app.CreateDbContext();
        (await db.Leads.AsNoTracking().SingleAsync(l => l.Id == leads[0].Id)).Status.Should().Be(LeadStatus.Stock);
    }
}
