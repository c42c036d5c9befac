using LeadsAssurance.Tests.Infrastructure;

namespace LeadsAssurance.Tests.Integration.Flows;

/// <summary>Caps count per Paris day, ISO week and month, and schedules follow Paris hours, with the app's clock moved across a DST change.</summary>
public class FlowPeriodTests
{
    [Fact]
    [Trait("Category", "Slow")]
    public async Task DailyWeeklyAndMonthlyCapsResetAtParisMidnightAcrossTheDstChange()
    {
        // Saturday 24/10/2026 23:00 in Paris (summer time).
        await using var app = await AppFactory.StartAsync(new MarketFactory { Clock = new(new DateTimeOffset(2026, 10, 24, 21, 0, 0, TimeSpan.Zero)) });
        var world = new FlowWorld(app, app.Clock.GetUtcNow());
        var (_, broker) = await world.BrokerAsync(10_000m);
        var daily = await FlowWorld.FlowAsync(broker, "35", daily: 2);
        var weekly = await FlowWorld.FlowAsync((await world.BrokerAsync(10_000m)).Client, "06", weekly: 3);
        var monthly = await FlowWorld.FlowAsync((await world.BrokerAsync(10_000m)).Client, "21", monthly: 4);
        var provider = await world.ProviderAsync();
        async Task PostAllAsync(int count)
        {
            var w = new FlowWorld(app, app.Clock.GetUtcNow());
            foreach (var d in new[] { "35", "06", "21" })
                await w.PostAsync(provider, d, count);
        }

        await PostAllAsync(3);                                          // Saturday 23:00 CEST
        var saturday = await world.PurchasesByFlowAsync([daily, weekly, monthly]);
        app.Clock.SetUtcNow(new DateTimeOffset(2026, 10, 24, 22, 30, 0, TimeSpan.Zero)); // Sunday 00:30 CEST: a new day, same week
        await PostAllAsync(3);
        var sunday = await world.PurchasesByFlowAsync([daily, weekly, monthly]);
        app.Clock.SetUtcNow(new DateTimeOffset(2026, 10, 25, 22, 30, 0, TimeSpan.Zero)); // Sunday 23:30 CET: still Sunday after 25 hours
        await PostAllAsync(3);
        var lateSunday = await world.PurchasesByFlowAsync([daily, weekly, monthly]);
        app.Clock.SetUtcNow(new DateTimeOffset(2026, 10, 25, 23, 30, 0, TimeSpan.Zero)); // Monday 00:30 CET: a new day and week
        await PostAllAsync(3);
        var monday = await world.PurchasesByFlowAsync([daily, weekly, monthly]);
        app.Clock.SetUtcNow(new DateTimeOffset(2026, 10, 31, 23, 30, 0, TimeSpan.Zero)); // Sunday 1/11 00:30 CET: a new month
        await PostAllAsync(3);
        var november = await world.PurchasesByFlowAsync([daily, weekly, monthly]);

        saturday.Values.Should().Equal(2, 3, 3);
        sunday.Values.Should().Equal(new[] { 4, 3, 4 }, "a new Paris day, but the same ISO week and month");
        lateSunday.Values.Should().Equal(new[] { 4, 3, 4 }, "23:30 on Sunday is still Sunday in Paris, though 25 hours passed since midnight");
        monday.Values.Should().Equal(new[] { 6, 6, 4 }, "Monday opens a new day and a new ISO week");
        november.Values.Should().Equal(new[] { 8, 6, 7 }, "November opens a new month; the week of 26/10 has not ended");
        var usage = (await world.Flows.GetAsync((await BrokerOf(app, daily)), daily)).Usage;
        usage.Today.Should().Be(2);
        usage.ThisMonth.Should().Be(2);
    }

    [Fact]
    public async Task AFlowBuysOnlyWithinItsScheduleInParisTime()
    {
        // Monday 26/10/2026 07:30 UTC = 08:30 in Paris (winter time): before a 09:00–18:00 weekday schedule.
        await using var app = await AppFactory.StartAsync(new MarketFactory { Clock = new(new DateTimeOffset(2026, 10, 26, 7, 30, 0, TimeSpan.Zero)) });
        var world = new FlowWorld(app, app.Clock.GetUtcNow());
        var (_, broker) = await world.BrokerAsync();
        var flow = await FlowWorld.FlowAsync(broker, "29", schedule: new { days = new[] { 1, 2, 3, 4, 5 }, from = "09:00", to = "18:00" });
        var provider = await world.ProviderAsync();

        await world.PostAsync(provider, "29", 1);
        var early = await world.PurchasesByFlowAsync([flow]);
        app.Clock.SetUtcNow(new DateTimeOffset(2026, 10, 26, 8, 5, 0, TimeSpan.Zero)); // 09:05 in Paris
        await new FlowWorld(app, app.Clock.GetUtcNow()).PostAsync(provider, "29", 1);
        var open = await world.PurchasesByFlowAsync([flow]);
        app.Clock.SetUtcNow(new DateTimeOffset(2026, 10, 31, 10, 0, 0, TimeSpan.Zero)); // Saturday
        await new FlowWorld(app, app.Clock.GetUtcNow()).PostAsync(provider, "29", 1);
        var saturday = await world.PurchasesByFlowAsync([flow]);

        early[flow].Should().Be(0, "08:30 in Paris is before 09:00");
        open[flow].Should().Be(1);
        saturday[flow].Should().Be(1, "Saturday is not in the schedule");
    }

    private static async Task<Guid> BrokerOf(AppFactory app, Guid flowId)
    {
        await using var db = app.CreateDbContext();
        return db.Flows.Single(f => f.Id == flowId).BrokerId;
    }
}
