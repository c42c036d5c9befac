using LeadsAssurance.Domain.Leads;

namespace LeadsAssurance.Domain.Market;

/// <summary>One broker's paid place on a lead. A shared lead has several.</summary>
public class Purchase
{
    private Purchase() { }

    public Purchase(Guid id, Guid leadId, Guid brokerId, Guid? reservationId, decimal price, DateTimeOffset now, Guid? flowId = null)
    {
        Id = id;
        LeadId = leadId;
        BrokerId = brokerId;
        ReservationId = reservationId;
        Price = price;
        PurchasedAt = now;
        FlowId = flowId;
    }

    public Guid Id { get; private set; }
    public Guid LeadId { get; private set; }
    public Lead Lead { get; private set; } = null!;
    public Guid BrokerId { get; private set; }
    public Guid? ReservationId { get; private set; }
    public decimal Price { get; private set; }
    public DateTimeOffset PurchasedAt { get; private set; }
    /// <summary>The flow that bought it at ingestion; null when bought in the market.</summary>
    public Guid? FlowId { get; private set; }
    /// <summary>When an accepted dispute gave this place back: the provider's sale is counted as returned.</summary>
    public DateTimeOffset? ReturnedAt { get; private set; }

    public void MarkReturned(DateTimeOffset now) => ReturnedAt ??= now;
}
