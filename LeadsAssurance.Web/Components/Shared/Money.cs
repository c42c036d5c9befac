using System.Globalization;

namespace LeadsAssurance.Web.Components.Shared;

/// <summary>French formats for the UI: euros, dates and times in Europe/Paris.</summary>
public static class Fr
{
    public static readonly CultureInfo Culture = Domain.France.Culture;
    public static readonly TimeZoneInfo Paris = Domain.France.Paris;

    public static string Euros(decimal amount) => amount.ToString("C2", Culture);

    public static DateTimeOffset ToParis(DateTimeOffset t) => Domain.France.ToParis(t);

    public static string DateTime(DateTimeOffset t) => ToParis(t).ToString("dd/MM/yyyy HH:mm", Culture);

    public static string Date(DateTimeOffset t) => ToParis(t).ToString("dd/MM/yyyy", Culture);

    /// <summary>"Novembre 2026".</summary>
    public static string Month(DateOnly month)
    {
        var text = month.ToDateTime(TimeOnly.MinValue).ToString("MMMM yyyy", Culture);
        return char.ToUpper(text[0], Culture) + text[1..];
    }
}
