using LeadsAssurance.Domain.Reporting;
using LeadsAssurance.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LeadsAssurance.Tests.Integration.Reporting;

/// <summary>
/// A broker's dashboard against purchases made the real ways (a flow buying at ingestion through the API, a hold paid
/// with credits in the market): its figures add up to the cent, leave out every other broker's, and count Paris days.
/// </summary>
public class BrokerDashboardTests(MarketFactory app) : IClassFixture<MarketFactory>
{
    private const decimal MutuellePrice = 23.45m;
    private const decimal AutoPrice = 17.35m;

    [Fact]
    public async Task TheFiguresAddUpToTheCentAcrossDaysProductsAndChannelsAndLeaveOutAnotherBrokersPurchases()
    {
        await MarketBuys.PriceAsync(app, ("MUTUELLE_SANTE", MutuellePrice), ("ASSURANCE_AUTO", AutoPrice));
        var now = app.Clock.GetUtcNow();
        var world = new FlowWorld(app, now);
        var (me, mine) = await world.BrokerAsync(1000m);
        var (other, his) = await world.BrokerAsync(1000m);
        await FlowWorld.FlowAsync(mine, "44");
        await FlowWorld.FlowAsync(his, "67");
        var provider = await world.ProviderAsync();
        await world.PostAsync(provider, "44", 3);
        await world.PostAsync(provider, "67", 4);
        await MarketBuys.BuyAsync(app, me, 2, now);
        await MarketBuys.BuyAsync(app, other, 1, now);

        var dashboard = await app.Services.GetRequiredService<BrokerDashboard>().GetAsync(me);

        await using var db = app.CreateDbContext();
        var paid = await db.Purchases.Where(p => p.BrokerId == me).Select(p => new { p.Price, ByFlow = p.FlowId != null }).ToListAsync();
        paid.Should().HaveCount(5, "three leads bought by his flow and two in the market");
        var total = 3 * MutuellePrice + 2 * AutoPrice;
        paid.Sum(p => p.Price).Should().Be(total);
        dashboard.ThisMonth.Should().Be(new SalesByChannel(3, 3 * MutuellePrice, 2, 2 * AutoPrice));
        dashboard.SpendOverDays.Should().Be(total);
        dashboard.LeadsOverDays.Should().Be(5);
        dashboard.SpendByProduct.Should().Equal(
            new ProductSpend("MUTUELLE_SANTE", "Mutuelle santé", 3, 70.35m), new ProductSpend("ASSURANCE_AUTO", "Assurance auto", 2, 34.70m));
        dashboard.Today.Should().Be(new DateOnly(2026, 11, 24));
        dashboard.Month.Should().Be(new DateOnly(2026, 11, 1));
        dashboard.SpendByDay.Should().HaveCount(BrokerDashboard.Days);
        dashboard.SpendByDay[0].Day.Should().Be(new DateOnly(2026, 10, 26));
        dashboard.SpendByDay[^1].Should().Be(new DailySpend(new DateOnly(2026, 11, 24), 5, 105.05m));
        dashboard.SpendByDay.SkipLast(1).Should().OnlyContain(d => d.Leads == 0 && d.Amount == 0m);
        var (ledgerSum, lastBalance) = await TestData.LedgerAsync(db, me);
        dashboard.Balance.Should().Be(1000m - total).And.Be(ledgerSum).And.Be(lastBalance);
        dashboard.BalanceEntryId.Should().Be(await db.CreditLedger.Where(e => e.AccountId == me).MaxAsync(e => e.Id));
        var hisDashboard = await app.Services.GetRequiredService<BrokerDashboard>().GetAsync(other);
        hisDashboard.ThisMonth.Should().Be(new SalesByChannel(4, 4 * MutuellePrice, 1, AutoPrice));
        hisDashboard.Balance.Should().Be(1000m - 4 * MutuellePrice - AutoPrice);
    }

    [Fact]
    public async Task ABrokerWhoBoughtNothingHasZerosForEveryDayAndNoProduct()
    {
        var (me, _) = await app.CreateAccountAsync("Broker", approve: true);

        var dashboard = await app.Services.GetRequiredService<BrokerDashboard>().GetAsync(me);

        dashboard.Balance.Should().Be(0m);
        dashboard.BalanceEntryId.Should().Be(0);
        dashboard.SpendByDay.Should().HaveCount(30).And.OnlyContain(d => d.Leads == 0 && d.Amount == 0m);
        dashboard.SpendByProduct.Should().BeEmpty();
        dashboard.ThisMonth.Should().Be(SalesByChannel.None);
        dashboard.ThisMonth.FlowShare.Should().BeNull();
    }

    [Fact]
    [Trait("Category", "Slow")]
    public async Task DaysAndMonthsAreParisCalendarOnesAcrossMidnightAndTheDaylightSavingChange()
    {
        // Saturday 27/02/2027 23:59 in Paris (winter time, UTC+1).
        await using var paris = await AppFactory.StartAsync(new MarketFactory { Clock = new(new DateTimeOffset(2027, 2, 27, 22, 59, 0, TimeSpan.Zero)) });
        var world = new FlowWorld(paris, paris.Clock.GetUtcNow());
        var (me, mine) = await world.BrokerAsync(1000m);
        await FlowWorld.FlowAsync(mine, "45");
        var provider = await world.ProviderAsync();
        async Task BuyAtAsync(DateTimeOffset at, bool byFlow)
        {
            paris.Clock.SetUtcNow(at);
            if (byFlow)
                await new FlowWorld(paris, at).PostAsync(provider, "45", 1);
            else
                await MarketBuys.BuyAsync(paris, me, 1, at);
        }

        await BuyAtAsync(new DateTimeOffset(2027, 2, 27, 22, 59, 0, TimeSpan.Zero), byFlow: false); // 27/02 23:59: a day before the window
        await BuyAtAsync(new DateTimeOffset(2027, 2, 27, 23, 1, 0, TimeSpan.Zero), byFlow: true);   // 28/02 00:01: the window's first day
        await BuyAtAsync(new DateTimeOffset(2027, 2, 28, 23, 30, 0, TimeSpan.Zero), byFlow: false); // 01/03 00:30: March
        await BuyAtAsync(new DateTimeOffset(2027, 3, 28, 21, 30, 0, TimeSpan.Zero), byFlow: true);  // 28/03 23:30 summer time (UTC+2)
        await BuyAtAsync(new DateTimeOffset(2027, 3, 28, 22, 30, 0, TimeSpan.Zero), byFlow: false); // 29/03 00:30: at UTC+1 it would be 28/03
        paris.Clock.SetUtcNow(new DateTimeOffset(2027, 3, 29, 8, 0, 0, TimeSpan.Zero));

        var dashboard = await paris.Services.GetRequiredService<BrokerDashboard>().GetAsync(me);

        dashboard.Today.Should().Be(new DateOnly(2027, 3, 29));
        dashboard.SpendByDay[0].Day.Should().Be(new DateOnly(2027, 2, 28));
        dashboard.SpendByDay.Where(d => d.Leads > 0).Select(d => (d.Day, d.Leads)).Should().Equal(
            (new DateOnly(2027, 2, 28), 1), (new DateOnly(2027, 3, 1), 1), (new DateOnly(2027, 3, 28), 1), (new DateOnly(2027, 3, 29), 1));
        dashboard.LeadsOverDays.Should().Be(4, "the purchase at 23:59 on 27/02 is 31 Paris days old");
        dashboard.Month.Should().Be(new DateOnly(2027, 3, 1));
        dashboard.ThisMonth.FlowSales.Should().Be(1, "the flow's purchase of 28/02 00:01 is February's");
        dashboard.ThisMonth.MarketSales.Should().Be(2, "01/03 00:30 and 29/03 00:30 are March's");
        await using var db = paris.CreateDbContext();
        dashboard.ThisMonth.Amount.Should().Be(await db.Purchases.Where(p => p.BrokerId == me && p.PurchasedAt >= new DateTimeOffset(2027, 2, 28, 23, 0, 0, TimeSpan.Zero)).SumAsync(p => p.Price));
    }
}
