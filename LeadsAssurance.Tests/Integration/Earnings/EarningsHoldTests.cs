using LeadsAssurance.Domain.Earnings;
using LeadsAssurance.Tests.Infrastructure;

namespace LeadsAssurance.Tests.Integration.Earnings;

/// <summary>
/// A provider's earning is held while its purchase may still be disputed (Market:DisputeWindow, 7 days) or while a
/// dispute on it is open, then available. Each test moves its app's clock, so it runs an app of its own.
/// </summary>
public class EarningsHoldTests
{
    [Fact]
    public async Task ASaleEarnsThePriceLessThirtyPercentHeldUntilTheDisputeWindowHasPassed()
    {
        await using var app = await AppFactory.StartAsync<MarketFactory>();
        var world = new EarningsWorld(app);
        var (_, broker, _) = await world.Disputes.BrokerAsync();
        var lead = (await world.Disputes.BuyAsync(broker))[0];
        var commission = decimal.Round(lead.Price * 0.30m, 2, MidpointRounding.AwayFromZero);

        var sold = await world.Queries.PositionAsync(lead.ProviderId);
        app.Clock.Advance(TimeSpan.FromDays(7) - TimeSpan.FromMinutes(1));
        var lastMinute = await world.Queries.PositionAsync(lead.ProviderId);
        app.Clock.Advance(TimeSpan.FromMinutes(2));
        var after = await world.Queries.PositionAsync(lead.ProviderId);

        var line = (await world.LinesAsync(lead.ProviderId)).Should().ContainSingle().Subject;
        line.Kind.Should().Be(EarningKind.Sale);
        line.Gross.Should().Be(lead.Price);
        line.CommissionRate.Should().Be(0.30m);
        line.Commission.Should().Be(commission);
        line.Amount.Should().Be(lead.Price - commission);
        sold.Should().Be(new EarningsPosition(0m, line.Amount, 0m));
        lastMinute.Should().Be(new EarningsPosition(0m, line.Amount, 0m));
        after.Should().Be(new EarningsPosition(line.Amount, 0m, 0m));
    }

    [Fact]
    public async Task AnOpenDisputeHoldsTheEarningPastTheWindowAndARefusalReleasesItWithoutMovingMoney()
    {
        await using var app = await AppFactory.StartAsync<MarketFactory>();
        var world = new EarningsWorld(app);
        var (_, broker, _) = await world.Disputes.BrokerAsync();
        var lead = (await world.Disputes.BuyAsync(broker))[0];
        var disputeId = await DisputeWorld.OpenAsync(broker, lead.Id);

        app.Clock.Advance(TimeSpan.FromDays(10));
        var whileOpen = await world.Queries.PositionAsync(lead.ProviderId);
        await world.RefuseAsync(disputeId);
        var refused = await world.Queries.PositionAsync(lead.ProviderId);

        var line = (await world.LinesAsync(lead.ProviderId)).Should().ContainSingle().Subject;
        line.Kind.Should().Be(EarningKind.Sale);
        whileOpen.Should().Be(new EarningsPosition(0m, line.Amount, 0m));
        refused.Should().Be(new EarningsPosition(line.Amount, 0m, 0m));
    }

    [Fact]
    public async Task AcceptingADisputeReversesTheProvidersEarningWithTheSalesRate()
    {
        await using var app = await AppFactory.StartAsync<MarketFactory>();
        var world = new EarningsWorld(app);
        var (_, broker, _) = await world.Disputes.BrokerAsync();
        var leads = await world.Disputes.BuyAsync(broker, 1);
        var lead = leads[0];
        var disputeId = await DisputeWorld.OpenAsync(broker, lead.Id);

        app.Clock.Advance(TimeSpan.FromDays(1));
        await world.AcceptAsync(disputeId);
        var accepted = await world.Queries.PositionAsync(lead.ProviderId);
        app.Clock.Advance(TimeSpan.FromDays(10));
        var later = await world.Queries.PositionAsync(lead.ProviderId);

        var lines = await world.LinesAsync(lead.ProviderId);
        lines.Select(l => l.Kind).Should().Equal(EarningKind.Sale, EarningKind.Return);
        lines[1].Amount.Should().Be(-lines[0].Amount).And.BeNegative();
        lines[1].Gross.Should().Be(-lead.Price);
        lines[1].CommissionRate.Should().Be(lines[0].CommissionRate);
        lines[1].PurchaseId.Should().Be(lines[0].PurchaseId);
        accepted.Should().Be(EarningsPosition.Zero);
        later.Should().Be(EarningsPosition.Zero);
    }
}
