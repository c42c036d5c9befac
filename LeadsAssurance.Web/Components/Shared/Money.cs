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

    /// <summary>A provider's quality score as the screens show it: "★ 4,2".</summary>
    public static string Stars(decimal score) => $"★ {score.ToString("0.0", Culture)}";

    /// <summary>The sales behind a score: "nouvel apporteur", "1 vente", "1 234 ventes".</summary>
    public static string Sales(int sales) => sales switch { 0 => "nouvel apporteur", 1 => "1 vente", _ => $"{sales.ToString("N0", Culture)} ventes" };

    /// <summary>A file's size: "850 o", "12 Ko", "4,8 Mo".</summary>
    public static string Size(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} o",
        < 1024 * 1024 => $"{bytes / 1024} Ko",
        _ => $"{(bytes / (1024 * 1024.0)).ToString("0.#", Culture)} Mo",
    };

    /// <summary>"45 min", "6 h", "1 h 12", "2 j 6 h": whole minutes, rounded down (a countdown never runs ahead).</summary>
    public static string Duration(TimeSpan d) => d switch
    {
        { TotalMinutes: < 1 } => "moins d'une minute",
        { TotalHours: < 1 } => $"{d.Minutes} min",
        { TotalDays: < 1 } => d.Minutes == 0 ? $"{d.Hours} h" : $"{d.Hours} h {d.Minutes:00}",
        _ => d.Hours == 0 ? $"{(int)d.TotalDays} j" : $"{(int)d.TotalDays} j {d.Hours} h",
    };
}
