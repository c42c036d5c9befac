using LeadsAssurance.Domain.Calling;

namespace LeadsAssurance.Tests.Domain;

/// <summary>D223-9: weekdays 10:00–13:00 and 14:00–20:00 Paris time, never on a public holiday; the next slot across DST and holidays.</summary>
public class CallingRulesTests
{
    private static DateTimeOffset Paris(int y, int m, int d, int h, int min, int offsetHours) => new(y, m, d, h, min, 0, TimeSpan.FromHours(offsetHours));

    [Theory]
    [InlineData(2026, 4, 5)]
    [InlineData(2027, 3, 28)]
    [InlineData(2024, 3, 31)]
    [InlineData(2025, 4, 20)]
    public void EasterSundayFollowsTheGregorianComputus(int year, int month, int day) =>
        FrenchHolidays.EasterSunday(year).Should().Be(new DateOnly(year, month, day));

    [Fact]
    public void TheElevenHolidaysOf2026()
    {
        FrenchHolidays.Of(2026).Select(d => d.ToString("dd/MM")).Should().Equal(
            "01/01", "06/04", "01/05", "08/05", "14/05", "25/05", "14/07", "15/08", "01/11", "11/11", "25/12");
    }

    [Theory]
    [InlineData(10, 0, true)]
    [InlineData(12, 59, true)]
    [InlineData(13, 0, false)]
    [InlineData(13, 30, false)]
    [InlineData(14, 0, true)]
    [InlineData(19, 59, true)]
    [InlineData(20, 0, false)]
    [InlineData(9, 59, false)]
    public void OnAWeekdayOnlyTheTwoSlotsAreCallingTime(int hour, int minute, bool allowed) =>
        // Tuesday 1 December 2026, winter time (UTC+1).
        CallingRules.IsCallingTime(Paris(2026, 12, 1, hour, minute, 1)).Should().Be(allowed);

    [Fact]
    public void WeekendsAndHolidaysAreNeverCallingTime()
    {
        CallingRules.IsCallingTime(Paris(2026, 12, 5, 11, 0, 1)).Should().BeFalse("a Saturday");
        CallingRules.IsCallingTime(Paris(2026, 11, 11, 11, 0, 1)).Should().BeFalse("Armistice day, a Wednesday");
        CallingRules.IsCallingTime(Paris(2026, 5, 14, 11, 0, 2)).Should().BeFalse("Ascension, a Thursday");
    }

    [Fact]
    public void TheNextSlotSkipsLunchEveningsWeekendsAndHolidays()
    {
        CallingRules.NextCallingTime(Paris(2026, 12, 1, 13, 20, 1)).Should().Be(Paris(2026, 12, 1, 14, 0, 1));
        CallingRules.NextCallingTime(Paris(2026, 12, 4, 20, 30, 1)).Should().Be(Paris(2026, 12, 7, 10, 0, 1), "Friday evening → Monday morning");
        // Thursday 24 December, after 20:00: Christmas is a Friday, so the next slot is Monday 28.
        CallingRules.NextCallingTime(Paris(2026, 12, 24, 21, 0, 1)).Should().Be(Paris(2026, 12, 28, 10, 0, 1));
        // Ascension Thursday 14 May 2026, then a plain Friday.
        CallingRules.NextCallingTime(Paris(2026, 5, 13, 20, 15, 2)).Should().Be(Paris(2026, 5, 15, 10, 0, 2));
    }

    [Fact]
    public void TheSlotsAreParisWallClockAcrossTheChangesOfTime()
    {
        // Saturday 28 March 2026 evening (UTC+1) → Monday 30 March 10:00 in summer time (UTC+2), i.e. 08:00 UTC.
        var next = CallingRules.NextCallingTime(Paris(2026, 3, 28, 21, 0, 1));
        next.UtcDateTime.Should().Be(new DateTime(2026, 3, 30, 8, 0, 0, DateTimeKind.Utc));
        // Friday 23 October 2026 evening (UTC+2) → Monday 26 October 10:00 in winter time (UTC+1), i.e. 09:00 UTC.
        CallingRules.NextCallingTime(Paris(2026, 10, 23, 21, 0, 2)).UtcDateTime.Should().Be(new DateTime(2026, 10, 26, 9, 0, 0, DateTimeKind.Utc));
        // 09:30 UTC on a summer weekday is 11:30 in Paris: calling time, though 09:30 is not.
        CallingRules.IsCallingTime(new DateTimeOffset(2026, 6, 16, 8, 30, 0, TimeSpan.Zero)).Should().BeTrue();
    }
}
