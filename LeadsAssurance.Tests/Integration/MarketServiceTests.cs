using System.Collections.Concurrent;
using System.Text.Json;
using LeadsAssurance.Domain;
using LeadsAssurance.Domain.Accounts;
using LeadsAssurance.Domain.Leads;
using LeadsAssurance.Domain.Market;
using LeadsAssurance.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LeadsAssurance.Tests.Integration;

public class MarketServiceTests(MarketFactory app) : IClassFixture<MarketFactory>
{
    private MarketService Market => app.Services.GetRequiredService<MarketService>();
    private DateTimeOffset Now => app.Clock.GetUtcNow();

    private async Task<(Guid Provider, List<Guid> Brokers)> ActorsAsync(int brokers)
    {
        await using var db = app.CreateDbContext();
        var provider = (await TestData.AddAccountsAsync(db, AccountRole.Provider, 1, Now))[0];
        return (provider, await TestData.AddAccountsAsync(db, AccountRole.Broker, brokers, Now));
    }

    [Fact]
    [Trait("Category", "Slow")] // 10,000 concurrent holds
    public async Task ExactlyOneOf200BrokersWinsAnExclusiveLeadEveryTime()
    {
        var (provider, brokers) = await ActorsAsync(200);
        await using var db = app.CreateDbContext();
        var leads = await TestData.AddLeadsAsync(db, provider, 50, Now);

        foreach (var lead in leads)
        {
            var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var attempts = brokers.Select(b => Task.Run(async () =>
            {
                await start.Task;
                try { return await Market.ReserveAsync(lead.Id, b); }
                catch (LeadTakenException) { return null; }
                catch (HoldLimitException) { return null; } // a broker who won five leads already cannot win a sixth
            })).ToList();
            start.SetResult();
            var results = await Task.WhenAll(attempts);

            results.Count(r => r is not null).Should().Be(1, $"lead {lead.Id} must have exactly one winner");
        }
        var ids = leads.Select(l => l.Id).ToList();
        (await db.Reservations.CountAsync(r => ids.Contains(r.LeadId) && r.Status == ReservationStatus.Active)).Should().Be(50);
        (await db.Leads.Where(l => l.ProviderId == provider).AllAsync(l => l.Status == LeadStatus.Reserved && l.HeldCount == 1)).Should().BeTrue();
        (await db.CreditLedger.AnyAsync(e => brokers.Contains(e.AccountId))).Should().BeFalse("a hold charges nothing");
    }

    [Fact]
    public async Task ASharedLeadWithThreePlacesIsSoldToExactlyThreeOf20Brokers()
    {
        var (provider, brokers) = await ActorsAsync(20);
        foreach (var broker in brokers)
            await TestData.TopUpAsync(app.Services, broker, 100m);
        await using var db = app.CreateDbContext();
        var lead = (await TestData.AddLeadsAsync(db, provider, 1, Now, "MUTUELLE_SANTE", exclusive: false))[0];
        lead.MaxBuyers.Should().Be(3);

        var outcomes = await Task.WhenAll(brokers.Select(b => Task.Run(async () =>
        {
            try
            {
                var hold = await Market.ReserveAsync(lead.Id, b);
                return (await Market.PayWithCreditsAsync(hold.ReservationId, b)).PurchaseId;
            }
            catch (LeadTakenException) { return (Guid?)null; }
        })));

        outcomes.Count(o => o is not null).Should().Be(3);
        (await db.Purchases.CountAsync(p => p.LeadId == lead.Id)).Should().Be(3);
        var stored = await db.Leads.AsNoTracking().SingleAsync(l => l.Id == lead.Id);
        stored.Status.Should().Be(LeadStatus.Sold);
        (stored.SoldCount, stored.HeldCount).Should().Be((3, 0));
        foreach (var broker in brokers)
        {
            var (sum, last) = await TestData.LedgerAsync(db, broker);
            sum.Should().Be(last).And.BeGreaterThanOrEqualTo(0);
        }
    }

    [Fact]
    public async Task ParallelPaymentsOfFiveHoldsAgainstABalanceThatCoversThreeChargeExactlyThree()
    {
        for (var round = 0; round < 5; round++)
        {
            var (provider, brokers) = await ActorsAsync(1);
            var broker = brokers[0];
            await using var db = app.CreateDbContext();
            var leads = await TestData.AddLeadsAsync(db, provider, 5, Now);
            var price = leads[0].Price;
            await TestData.TopUpAsync(app.Services, broker, price * 3 + price / 2);
            var holds = new List<HoldResult>();
            foreach (var lead in leads)
                holds.Add(await Market.ReserveAsync(lead.Id, broker));
            var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

            var failures = new ConcurrentBag<Exception>();
            var payments = holds.Select(h => Task.Run(async () =>
            {
                await start.Task;
                try { await Market.PayWithCreditsAsync(h.ReservationId, broker); return true; }
                catch (InsufficientCreditsException e) { failures.Add(e); return false; }
            })).ToList();
            start.SetResult();
            var paid = await Task.WhenAll(payments);

            paid.Count(p => p).Should().Be(3);
            failures.Should().HaveCount(2);
            var (sum, last) = await TestData.LedgerAsync(db, broker);
            sum.Should().Be(last).And.Be(price / 2);
            (await db.CreditLedger.CountAsync(e => e.AccountId == broker)).Should().Be(1 + 3, "a failed payment writes nothing");
            (await db.Reservations.CountAsync(r => r.BrokerId == broker && r.Status == ReservationStatus.Active)).Should().Be(2, "the holds stay until they expire");
        }
    }

    [Fact]
    public async Task AnExpiredHoldPutsTheLeadBackOnSaleAndALatePaymentIsRefusedWithoutCharge()
    {
        // Moves the clock: an app of its own.
        await using var own = await AppFactory.StartAsync<MarketFactory>();
        var market = own.Services.GetRequiredService<MarketService>();
        await using var db = own.CreateDbContext();
        var provider = (await TestData.AddAccountsAsync(db, AccountRole.Provider, 1, own.Clock.GetUtcNow()))[0];
        var broker = (await TestData.AddAccountsAsync(db, AccountRole.Broker, 1, own.Clock.GetUtcNow()))[0];
        await TestData.TopUpAsync(own.Services, broker, 500m);
        var lead = (await TestData.AddLeadsAsync(db, provider, 1, own.Clock.GetUtcNow()))[0];
        var hold = await market.ReserveAsync(lead.Id, broker);
        (await db.Leads.AsNoTracking().SingleAsync(l => l.Id == lead.Id)).Status.Should().Be(LeadStatus.Reserved, "the lead is held before the clock moves");
        var events = new ConcurrentQueue<MarketEvent>();
        await own.Services.GetRequiredService<MarketEventListener>().Listening;
        using var subscription = own.Services.GetRequiredService<MarketNotifier>().Subscribe(e => { events.Enqueue(e); return Task.CompletedTask; });

        own.Clock.Advance(TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(1));
        await market.ReleaseExpiredAsync();
        var latePayment = () => market.PayWithCreditsAsync(hold.ReservationId, broker);

        await latePayment.Should().ThrowAsync<HoldExpiredException>();
        (await db.Reservations.AsNoTracking().SingleAsync(r => r.Id == hold.ReservationId)).Status.Should().Be(ReservationStatus.Expired);
        (await Eventually.TrueAsync(() => events.OfType<LeadReleased>().Any(e => e.LeadId == lead.Id))).Should().BeTrue();
        events.OfType<LeadReleased>().Should().ContainSingle(e => e.LeadId == lead.Id && e.Expired);
        (await market.ListAsync(new MarketQuery(PageSize: 200))).Items.Should().Contain(l => l.Id == lead.Id);
        (await TestData.LedgerAsync(db, broker)).Sum.Should().Be(500m);
        var stored = await db.Leads.AsNoTracking().SingleAsync(l => l.Id == lead.Id);
        (stored.Status, stored.HeldCount).Should().Be((LeadStatus.Stock, 0));
    }

    [Fact]
    public async Task EveryMoveIsPublishedOnceCommitted()
    {
        var (provider, brokers) = await ActorsAsync(1);
        await TestData.TopUpAsync(app.Services, brokers[0], 100m);
        await using var db = app.CreateDbContext();
        var lead = (await TestData.AddLeadsAsync(db, provider, 1, Now))[0];
        var events = new ConcurrentQueue<MarketEvent>();
        await app.Services.GetRequiredService<MarketEventListener>().Listening;
        using var subscription = app.Services.GetRequiredService<MarketNotifier>().Subscribe(e => { events.Enqueue(e); return Task.CompletedTask; });

        var hold = await Market.ReserveAsync(lead.Id, brokers[0]);
        await Market.PayWithCreditsAsync(hold.ReservationId, brokers[0]);

        (await Eventually.TrueAsync(() => events.Count(e => e.LeadId == lead.Id) == 2)).Should().BeTrue();
        events.Where(e => e.LeadId == lead.Id).Select(e => e.GetType()).Should().Equal(typeof(LeadReserved), typeof(LeadSold));
        events.OfType<LeadSold>().Single(e => e.LeadId == lead.Id).BuyersLeft.Should().Be(0);
    }

    [Fact]
    public async Task ARefusedPaymentPublishesNothing()
    {
        var (provider, brokers) = await ActorsAsync(1);
        await using var db = app.CreateDbContext();
        var lead = (await TestData.AddLeadsAsync(db, provider, 1, Now))[0];
        var events = new ConcurrentQueue<MarketEvent>();
        await app.Services.GetRequiredService<MarketEventListener>().Listening;
        using var subscription = app.Services.GetRequiredService<MarketNotifier>().Subscribe(e => { events.Enqueue(e); return Task.CompletedTask; });
        var hold = await Market.ReserveAsync(lead.Id, brokers[0]);

        var pay = () => Market.PayWithCreditsAsync(hold.ReservationId, brokers[0]);
        await pay.Should().ThrowAsync<InsufficientCreditsException>();
        await Market.CancelAsync(hold.ReservationId, brokers[0]);

        (await Eventually.TrueAsync(() => events.Count(e => e.LeadId == lead.Id) >= 2)).Should().BeTrue();
        events.Where(e => e.LeadId == lead.Id).Select(e => e.GetType()).Should().Equal(typeof(LeadReserved), typeof(LeadReleased));
    }

    [Fact]
    public async Task CancellingAHoldPutsTheLeadBackAtOnce()
    {
        var (provider, brokers) = await ActorsAsync(2);
        await using var db = app.CreateDbContext();
        var lead = (await TestData.AddLeadsAsync(db, provider, 1, Now))[0];
        var hold = await Market.ReserveAsync(lead.Id, brokers[0]);

        await Market.CancelAsync(hold.ReservationId, brokers[0]);
        var second = await Market.ReserveAsync(lead.Id, brokers[1]);

        second.LeadId.Should().Be(lead.Id);
    }

    [Fact]
    public async Task ABrokerCannotBuyTheSameSharedLeadTwice()
    {
        var (provider, brokers) = await ActorsAsync(1);
        await TestData.TopUpAsync(app.Services, brokers[0], 500m);
        await using var db = app.CreateDbContext();
        var lead = (await TestData.AddLeadsAsync(db, provider, 1, Now, "ASSURANCE_AUTO", exclusive: false))[0];
        var hold = await Market.ReserveAsync(lead.Id, brokers[0]);
        await Market.PayWithCreditsAsync(hold.ReservationId, brokers[0]);

        var again = () => Market.ReserveAsync(lead.Id, brokers[0]);

        await again.Should().ThrowAsync<LeadTakenException>();
        (await Market.ListAsync(new MarketQuery(PageSize: 200, ForBroker: brokers[0]))).Items.Should().NotContain(l => l.Id == lead.Id, "he cannot take a second place");
        (await Market.ListAsync(new MarketQuery(PageSize: 200))).Items.Should().Contain(l => l.Id == lead.Id, "other brokers still can");
    }

    [Fact]
    public async Task ALeadWhoseConsentIsOlderThan30DaysCannotBeListedNorHeld()
    {
        var (provider, brokers) = await ActorsAsync(1);
        await using var db = app.CreateDbContext();
        var stale = (await TestData.AddLeadsAsync(db, provider, 1, Now, consentAge: TimeSpan.FromDays(31)))[0];

        var list = await Market.ListAsync(new MarketQuery(PageSize: 200));
        var hold = () => Market.ReserveAsync(stale.Id, brokers[0]);

        list.Items.Should().NotContain(l => l.Id == stale.Id);
        await hold.Should().ThrowAsync<LeadTakenException>();
    }

    [Fact]
    public async Task TheMarketListShowsNoContactFieldAndOnlyTheMarketAttributes()
    {
        var (provider, _) = await ActorsAsync(0);
        await using var db = app.CreateDbContext();
        var leads = await TestData.AddLeadsAsync(db, provider, 5, Now, "CREDIT_IMMO");

        var page = await Market.ListAsync(new MarketQuery(Products: ["CREDIT_IMMO"], PageSize: 200));
        var json = JsonSerializer.Serialize(page);

        page.Items.Should().Contain(i => leads.Select(l => l.Id).Contains(i.Id));
        json.ShouldNotRevealAny(leads, "the market service's list");
        page.Items.SelectMany(i => i.Attributes.Keys).Distinct().Should().OnlyContain(k =>
            new[] { "typeProjet", "montantProjet", "revenusMensuels", "delaiProjet" }.Contains(k));
    }

    [Fact]
    public async Task AnUnknownLeadIsNotFound()
    {
        var (_, brokers) = await ActorsAsync(1);

        var act = () => Market.ReserveAsync(Guid.NewGuid(), brokers[0]);

        await act.Should().ThrowAsync<NotFoundException>();
    }

    [Fact]
    public async Task TheQuartzSweepReleasesAnExpiredHoldOnItsOwn()
    {
        // Moves the clock: an app of its own.
        await using var own = await AppFactory.StartAsync<MarketFactory>();
        await using var db = own.CreateDbContext();
        var provider = (await TestData.AddAccountsAsync(db, AccountRole.Provider, 1, own.Clock.GetUtcNow()))[0];
        var broker = (await TestData.AddAccountsAsync(db, AccountRole.Broker, 1, own.Clock.GetUtcNow()))[0];
        var lead = (await TestData.AddLeadsAsync(db, provider, 1, own.Clock.GetUtcNow()))[0];
        var hold = await own.Services.GetRequiredService<MarketService>().ReserveAsync(lead.Id, broker);
        (await db.Leads.AsNoTracking().SingleAsync(l => l.Id == lead.Id)).Status.Should().Be(LeadStatus.Reserved, "the lead is held before the clock moves");

        own.Clock.Advance(TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(1));
        var released = await Eventually.TrueAsync(async () =>
        {
            // Quartz schedules on the app's clock: it keeps running while we wait, as a real one would.
            own.Clock.Advance(TimeSpan.FromSeconds(1));
            return await db.Reservations.AsNoTracking().Where(r => r.Id == hold.ReservationId).Select(r => r.Status).SingleAsync() == ReservationStatus.Expired;
        }, TimeSpan.FromSeconds(30));

        released.Should().BeTrue("the sweep runs every 2 seconds");
        var stored = await db.Leads.AsNoTracking().SingleAsync(l => l.Id == lead.Id);
        (stored.Status, stored.HeldCount).Should().Be((LeadStatus.Stock, 0));
    }
}
