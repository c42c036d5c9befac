namespace LeadsAssurance.Domain.Calling;

/// <summary>
/// When a professional may call a consumer who consented (Code de la consommation L223-1 and D223-9 since
/// 11 August 2026): Monday to Friday, 10:00–13:00 and 14:00–20:00 Paris time, never on a public holiday, at most
/// <see cref="MaxAttempts"/> attempts per <see cref="AttemptWindow"/>; and, for insurance (Code des assurances R112-7),
/// within <see cref="CallWindow"/> of the consent. Times are instants; the rules read them in Europe/Paris, so the
/// slots hold across the changes of time.
/// </summary>
public static class CallingRules
{
    public const int MaxAttempts = 4;
    public static readonly TimeSpan AttemptWindow = TimeSpan.FromDays(30);
    public static readonly TimeSpan CallWindow = TimeSpan.FromDays(30);

    private static readonly (TimeOnly From, TimeOnly To)[] Slots = [(new(10, 0), new(13, 0)), (new(14, 0), new(20, 0))];

    /// <summary>The last instant the consent allows a call.</summary>
    public static DateTimeOffset CallWindowEnd(DateTimeOffset consentCapturedAt) => consentCapturedAt + CallWindow;

    /// <summary>A call at this instant is within the legal hours.</summary>
    public static bool IsCallingTime(DateTimeOffset instant)
    {
        var paris = France.ToParis(instant);
        var date = DateOnly.FromDateTime(paris.DateTime);
        var time = TimeOnly.FromDateTime(paris.DateTime);
        return IsCallingDay(date) && Slots.Any(s => time >= s.From && time < s.To);
    }

    /// <summary>The instant itself when calling is allowed then, else the start of the next legal slot.</summary>
    public static DateTimeOffset NextCallingTime(DateTimeOffset from)
    {
        if (IsCallingTime(from))
            return from;
        var paris = France.ToParis(from);
        var date = DateOnly.FromDateTime(paris.DateTime);
        var time = TimeOnly.FromDateTime(paris.DateTime);
        for (var day = 0; day < 30; day++, time = TimeOnly.MinValue)
        {
            var d = date.AddDays(day);
            if (!IsCallingDay(d))
                continue;
            foreach (var (start, _) in Slots)
                if (start >= time)
                    return At(d, start);
        }
        throw new InvalidOperationException("No calling slot within 30 days.");
    }

    /// <summary>When the slot that contains <paramref name="instant"/> ends (null outside the legal hours).</summary>
    public static DateTimeOffset? SlotEnd(DateTimeOffset instant)
    {
        if (!IsCallingTime(instant))
            return null;
        var paris = France.ToParis(instant);
        var time = TimeOnly.FromDateTime(paris.DateTime);
        return At(DateOnly.FromDateTime(paris.DateTime), Slots.First(s => time >= s.From && time < s.To).To);
    }

    public static bool IsCallingDay(DateOnly date) =>
        date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !FrenchHolidays.IsHoliday(date);

    /// <summary>A Paris wall-clock time as an instant (10:00 and 14:00 are never in a gap or an overlap of the clock change).</summary>
    private static DateTimeOffset At(DateOnly date, TimeOnly time)
    {
        var local = date.ToDateTime(time);
        return new DateTimeOffset(local, France.Paris.GetUtcOffset(local));
    }
}
