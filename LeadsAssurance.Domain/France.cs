using System.Globalization;

namespace LeadsAssurance.Domain;

/// <summary>The French conventions the platform's messages and days follow: fr-FR formats, Europe/Paris time.</summary>
public static class France
{
    public static readonly CultureInfo Culture = CultureInfo.GetCultureInfo("fr-FR");
    public static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    public static DateTimeOffset ToParis(DateTimeOffset t) => TimeZoneInfo.ConvertTime(t, Paris);

    /// <summary>The Paris calendar date at an instant.</summary>
    public static DateOnly DateOf(DateTimeOffset instant) => DateOnly.FromDateTime(ToParis(instant).DateTime);

    /// <summary>
    /// The instant a Paris calendar day begins, in UTC (23:00 the day before in winter, 22:00 in summer). Clocks change
    /// at 02:00 or 03:00, never at midnight, so midnight's offset is the day's start.
    /// </summary>
    public static DateTimeOffset DayStart(DateOnly day)
    {
        var local = day.ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(local, Paris.GetUtcOffset(local)).ToUniversalTime();
    }
}
