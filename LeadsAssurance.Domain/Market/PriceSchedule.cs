namespace LeadsAssurance.Domain.Market;

/// <summary>
/// How a lead's price falls with its age: <see cref="Step"/> euros less every <see cref="Interval"/> since it was
/// listed, never below <see cref="Floor"/> (36 € → −2 € every 6 h → 18 €). A product has one or none (a fixed price);
/// a lead keeps the schedule its product had when it was listed, as it keeps its start price.
/// </summary>
public sealed record PriceSchedule(decimal Floor, decimal Step, TimeSpan Interval)
{
    /// <summary>The shortest interval between two drops.</summary>
    public static readonly TimeSpan MinInterval = TimeSpan.FromMinutes(1);

    /// <summary>The schedule of three nullable columns: all set, or none (a fixed price).</summary>
    public static PriceSchedule? From(decimal? floor, decimal? step, TimeSpan? interval) =>
        floor is { } f && step is { } s && interval is { } i ? new PriceSchedule(f, s, i) : null;

    /// <summary>French errors by field ("floor", "step", "interval") for a schedule starting at <paramref name="startPrice"/>.</summary>
    public Dictionary<string, string> Errors(decimal startPrice)
    {
        var errors = new Dictionary<string, string>();
        if (Floor <= 0 || decimal.Round(Floor, 2) != Floor)
            errors["floor"] = "Le prix plancher doit être positif, au centime près.";
        else if (Floor > startPrice)
            errors["floor"] = "Le prix plancher doit être inférieur ou égal au prix de départ.";
        if (Step <= 0 || decimal.Round(Step, 2) != Step)
            errors["step"] = "La baisse doit être supérieure à 0 €, au centime près.";
        if (Interval < MinInterval)
            errors["interval"] = "L'intervalle entre deux baisses doit être d'au moins 1 minute.";
        return errors;
    }
}
