namespace LeadsAssurance.Domain.Ingestion;

/// <summary>
/// Leads of a provider refused on one Europe/Paris day for one <see cref="RefusalReason"/>, moved with
/// <see cref="IngestionStat"/> in each ingestion batch's transaction: what his dashboard's refusal reasons sum.
/// </summary>
public class IngestionRefusal
{
    public Guid ProviderId { get; private set; }
    public DateOnly Day { get; private set; }
    public string Reason { get; private set; } = "";
    public int Count { get; private set; }
}
