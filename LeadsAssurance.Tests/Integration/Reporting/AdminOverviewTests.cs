using LeadsAssurance.Domain.Reporting;
using LeadsAssurance.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace LeadsAssurance.Tests.Integration.Reporting;

/// <summary>The admin dashboard's split of today's sales between flows and the market.</summary>
public class AdminOverviewTests
{
    [Fact]
    public async Task TodaysSalesAreSplitBetweenFlowsAndTheMarketFromParisMidnightOnTheDaylightSavingDay()
    {
        // Saturday 27/03/2027 23:30 in Paris (winter time): the eve of the change to summer time.
        await using var app = await AppFactory.StartAsync(new MarketFactory { Clock = new(new DateTimeOffset(2027, 3, 27, 22, 30, 0, TimeSpan.Zero)) });
        await MarketBuys.PriceAsync(app, ("MUTUELLE_SANTE", 23.45m), ("ASSURANCE_AUTO", 17.35m));
        var world = new FlowWorld(app, app.Clock.GetUtcNow());
        var (first, firstClient) = await world.BrokerAsync(1000m);
        var (_, secondClient) = await world.BrokerAsync(1000m);
        await FlowWorld.FlowAsync(firstClient, "49");
        await FlowWorld.FlowAsync(secondClient, "37");
        var provider = await world.ProviderAsync();
        await MarketBuys.BuyAsync(app, first, 1, app.Clock.GetUtcNow());
        // Sunday 28/03 10:00 in Paris, summer time: the day began at 23:00 UTC, when the clocks still said winter.
        app.Clock.SetUtcNow(new DateTimeOffset(2027, 3, 28, 8, 0, 0, TimeSpan.Zero));
        var today = new FlowWorld(app, app.Clock.GetUtcNow());
        await today.PostAsync(provider, "49", 2);
        await today.PostAsync(provider, "37", 1);
        await MarketBuys.BuyAsync(app, first, 1, app.Clock.GetUtcNow());

        var overview = await app.Services.GetRequiredService<AdminOverview>().GetAsync();

        overview.SalesTodayByChannel.Should().Be(new SalesByChannel(3, 70.35m, 1, 17.35m), "Saturday's 23:30 sale is yesterday's");
        overview.SalesTodayByChannel.FlowShare.Should().Be(0.75m);
        overview.SalesToday.Should().Be(overview.SalesTodayByChannel.Sales);
        overview.RevenueToday.Should().Be(overview.SalesTodayByChannel.Amount);
    }
}
