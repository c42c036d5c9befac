using LeadsAssurance.Domain.Leads;

namespace LeadsAssurance.Domain.Market;

/// <summary>What became of a hold.</summary>
public enum ReservationStatus
{
    Active,
    Paid,
    Cancelled,
    Expired,
}

/// <summary>A broker's time-limited hold on one place of a lead, while he pays.</summary>
public class Reservation
{
    private Reservation() { }

    public Reservation(Guid id, Guid leadId, Guid brokerId, decimal price, DateTimeOffset now, TimeSpan holdDuration)
    {
        Id = id;
        LeadId = leadId;
        BrokerId = brokerId;
        Price = price;
        CreatedAt = now;
        ExpiresAt = now + holdDuration;
        Status = ReservationStatus.Active;
    }

    public Guid Id { get; private set; }
    public Guid LeadId { get; private set; }
    public Lead Lead { get; private set; } = null!;
    public Guid BrokerId { get; private set; }
    public decimal Price { get; private set; }
    public ReservationStatus Status { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset ExpiresAt { get; private set; }
    public DateTimeOffset? ClosedAt { get; private set; }

    /// <summary>Ends the hold: paid, cancelled by the broker, or expired.</summary>
    public void Close(ReservationStatus status, DateTimeOffset now)
    {
        if (Status != ReservationStatus.Active)
            throw new DomainException("Cette réservation est déjà close.");
        if (status == ReservationStatus.Active)
            throw new ArgumentOutOfRangeException(nameof(status));
        Status = status;
        ClosedAt = now;
    }
}
