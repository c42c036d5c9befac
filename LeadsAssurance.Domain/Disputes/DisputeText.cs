namespace LeadsAssurance.Domain.Disputes;

/// <summary>The French words of the dispute rules, built from the configured values rather than hard-coded.</summary>
public static class DisputeText
{
    /// <summary>"7 jours", "36 heures".</summary>
    public static string Window(TimeSpan window) =>
        window.TotalDays >= 1 && window.TotalDays == Math.Floor(window.TotalDays)
            ? $"{window.TotalDays:0} jour{(window.TotalDays > 1 ? "s" : "")}"
            : $"{window.TotalHours:0} heure{(window.TotalHours >= 2 ? "s" : "")}";

    /// <summary>A date as read in France.</summary>
    public static string Date(DateTimeOffset at) =>
        France.ToParis(at).ToString("dd/MM/yyyy à HH:mm", France.Culture);
}
