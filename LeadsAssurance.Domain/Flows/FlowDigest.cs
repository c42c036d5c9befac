namespace LeadsAssurance.Domain.Flows;

/// <summary>A daily summary sent (or found empty) for a broker's Paris day: its key makes each one go out once, whichever node runs the job.</summary>
public class FlowDigest
{
    private FlowDigest() { }

    public FlowDigest(Guid brokerId, DateOnly day, DateTimeOffset sentAt) => (BrokerId, Day, SentAt) = (brokerId, day, sentAt);

    public Guid BrokerId { get; private set; }
    public DateOnly Day { get; private set; }
    public DateTimeOffset SentAt { get; private set; }
}
