using System.Globalization;

namespace LeadsAssurance.Domain;

/// <summary>The French conventions the platform's messages and days follow: fr-FR formats, Europe/Paris time.</summary>
public static class France
{
    public static readonly CultureInfo Culture = CultureInfo.GetCultureInfo("fr-FR");
    public static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    public static DateTimeOffset ToParis(DateTimeOffset t) => TimeZoneInfo.ConvertTime(t, Paris);
}
