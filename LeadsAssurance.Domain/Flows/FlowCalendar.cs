namespace LeadsAssurance.Domain.Flows;

/// <summary>
/// A moment as flows count it, in Europe/Paris: the calendar day, the ISO week (its Monday) and the month (its first
/// day) that caps count in, and the ISO weekday and time of day a schedule is checked against. Across a DST change
/// the Paris date is what counts, so a "day" is 23 or 25 hours long twice a year.
/// </summary>
public readonly record struct FlowCalendar(DateOnly Day, DateOnly Week, DateOnly Month, int IsoDay, TimeOnly Time)
{
    public static FlowCalendar At(DateTimeOffset instant)
    {
        var paris = France.ToParis(instant);
        var day = DateOnly.FromDateTime(paris.DateTime);
        var isoDay = paris.DayOfWeek == DayOfWeek.Sunday ? 7 : (int)paris.DayOfWeek;
        return new FlowCalendar(day, day.AddDays(1 - isoDay), new DateOnly(day.Year, day.Month, 1), isoDay, TimeOnly.FromDateTime(paris.DateTime));
    }

    /// <summary>
    /// Whether a schedule lets a flow buy now. No days: always. From and to in Paris time, to excluded; a window whose
    /// end is before its start runs over midnight (22:00–06:00), and counts on the day it is checked.
    /// </summary>
    public bool IsOpen(IReadOnlyCollection<int>? days, TimeOnly? from, TimeOnly? to)
    {
        if (days is null || days.Count == 0)
            return true;
        if (!days.Contains(IsoDay))
            return false;
        var (start, end) = (from ?? TimeOnly.MinValue, to ?? TimeOnly.MaxValue);
        return start <= end ? Time >= start && Time < end : Time >= start || Time < end;
    }
}
