using System.Globalization;

namespace LeadsAssurance.Web.Components.Shared;

/// <summary>French formats for the UI: euros, dates and times in Europe/Paris.</summary>
public static class Fr
{
    public static readonly CultureInfo Culture = CultureInfo.GetCultureInfo("fr-FR");
    public static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    public static string Euros(decimal amount) => amount.ToString("C2", Culture);

    public static DateTimeOffset ToParis(DateTimeOffset t) => TimeZoneInfo.ConvertTime(t, Paris);

    public static string DateTime(DateTimeOffset t) => ToParis(t).ToString("dd/MM/yyyy HH:mm", Culture);

    public static string Date(DateTimeOffset t) => ToParis(t).ToString("dd/MM/yyyy", Culture);
}
