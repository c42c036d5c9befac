using LeadsAssurance.Domain.Flows;

namespace LeadsAssurance.Tests.Integration.Flows;

/// <summary>Paris calendar periods and schedules, on their own (no database).</summary>
public class FlowCalendarTests
{
    [Fact]
    public void PeriodsAreParisDaysIsoWeeksAndMonthsAcrossTheAutumnDstChange()
    {
        // Sunday 25/10/2026: Paris leaves summer time at 01:00 UTC (03:00 CEST → 02:00 CET).
        var beforeMidnight = FlowCalendar.At(new DateTimeOffset(2026, 10, 24, 21, 59, 0, TimeSpan.Zero)); // 23:59 CEST Saturday
        var afterMidnight = FlowCalendar.At(new DateTimeOffset(2026, 10, 24, 22, 0, 0, TimeSpan.Zero));   // 00:00 CEST Sunday
        var sundayNight = FlowCalendar.At(new DateTimeOffset(2026, 10, 25, 22, 59, 0, TimeSpan.Zero));    // 23:59 CET Sunday
        var monday = FlowCalendar.At(new DateTimeOffset(2026, 10, 25, 23, 0, 0, TimeSpan.Zero));          // 00:00 CET Monday

        beforeMidnight.Day.Should().Be(new DateOnly(2026, 10, 24));
        afterMidnight.Day.Should().Be(new DateOnly(2026, 10, 25));
        afterMidnight.IsoDay.Should().Be(7);
        sundayNight.Day.Should().Be(new DateOnly(2026, 10, 25), "this Paris day lasted 25 hours");
        sundayNight.Week.Should().Be(new DateOnly(2026, 10, 19));
        monday.Week.Should().Be(new DateOnly(2026, 10, 26), "ISO weeks start on Monday");
        FlowCalendar.At(new DateTimeOffset(2026, 10, 31, 23, 30, 0, TimeSpan.Zero)).Month.Should().Be(new DateOnly(2026, 11, 1), "00:30 on 1 November in Paris");
    }

    [Fact]
    public void ASchedulesHoursAreParisHoursInSummerAndInWinter()
    {
        int[] weekdays = [1, 2, 3, 4, 5];
        var (from, to) = (new TimeOnly(9, 0), new TimeOnly(18, 0));

        // 07:30 UTC is 09:30 in Paris in summer, 08:30 in winter.
        FlowCalendar.At(new DateTimeOffset(2026, 10, 23, 7, 30, 0, TimeSpan.Zero)).IsOpen(weekdays, from, to).Should().BeTrue();
        FlowCalendar.At(new DateTimeOffset(2026, 10, 26, 7, 30, 0, TimeSpan.Zero)).IsOpen(weekdays, from, to).Should().BeFalse();
        FlowCalendar.At(new DateTimeOffset(2026, 10, 26, 8, 0, 0, TimeSpan.Zero)).IsOpen(weekdays, from, to).Should().BeTrue();
        FlowCalendar.At(new DateTimeOffset(2026, 10, 24, 10, 0, 0, TimeSpan.Zero)).IsOpen(weekdays, from, to).Should().BeFalse("Saturday");
        FlowCalendar.At(new DateTimeOffset(2026, 10, 26, 17, 0, 0, TimeSpan.Zero)).IsOpen(weekdays, from, to).Should().BeFalse("18:00 is the end, excluded");
        FlowCalendar.At(new DateTimeOffset(2026, 10, 26, 23, 30, 0, TimeSpan.Zero)).IsOpen([2], new TimeOnly(22, 0), new TimeOnly(6, 0))
            .Should().BeTrue("00:30 on Tuesday is within a 22:00–06:00 window");
        FlowCalendar.At(new DateTimeOffset(2026, 10, 26, 23, 30, 0, TimeSpan.Zero)).IsOpen(null, null, null).Should().BeTrue();
    }
}
