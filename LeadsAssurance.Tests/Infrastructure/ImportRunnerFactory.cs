namespace LeadsAssurance.Tests.Infrastructure;

/// <summary>
/// The market app importing in batches of <see cref="BatchSize"/> rows (a file of a few hundred rows crosses several
/// batches), whose runner does not come back on its own for an hour: a test decides which node runs an import.
/// </summary>
public sealed class ImportRunnerFactory : MarketFactory
{
    public const int BatchSize = 50;

    public ImportRunnerFactory() => Settings = new()
    {
        ["Import:BatchSize"] = BatchSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Import:ResumeInterval"] = "01:00:00",
    };
}
