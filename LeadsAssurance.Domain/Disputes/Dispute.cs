namespace LeadsAssurance.Domain.Disputes;

/// <summary>A broker's request to return one purchase (one place of a lead) within the dispute window, and its decision.</summary>
public class Dispute
{
    public const int MaxComment = 2000;
    public const int MaxNote = 1000;

    private Dispute() { }

    public Dispute(Guid id, Guid purchaseId, Guid leadId, Guid brokerId, Guid providerId, string reasonCode, string? comment,
        decimal price, bool needsAttention, DateTimeOffset now)
    {
        Id = id;
        PurchaseId = purchaseId;
        LeadId = leadId;
        BrokerId = brokerId;
        ProviderId = providerId;
        ReasonCode = reasonCode;
        Comment = comment;
        Price = price;
        NeedsAttention = needsAttention;
        Status = DisputeStatus.Open;
        CreatedAt = now;
    }

    public Guid Id { get; private set; }
    public Guid PurchaseId { get; private set; }
    public Guid LeadId { get; private set; }
    public Guid BrokerId { get; private set; }
    public Guid ProviderId { get; private set; }
    public string ReasonCode { get; private set; } = "";
    public string? Comment { get; private set; }
    /// <summary>The price the broker paid for this place: what an acceptance refunds.</summary>
    public decimal Price { get; private set; }
    /// <summary>Opened past the broker's return-rate cap: the admin looks at it before the others.</summary>
    public bool NeedsAttention { get; private set; }
    public DisputeStatus Status { get; private set; }
    public string? DecisionNote { get; private set; }
    /// <summary>The credits given back; null unless accepted.</summary>
    public decimal? Refund { get; private set; }
    public Guid? DecidedBy { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset? DecidedAt { get; private set; }

    /// <summary>Credits taken from the broker for a refused dispute (<see cref="Market.MarketOptions.RefusedDisputeFee"/>); null otherwise.</summary>
    public decimal? Fee { get; private set; }
    /// <summary>Accepted by the admin's rule for its reason (objective evidence), not by a person.</summary>
    public bool AutoAccepted { get; private set; }

    /// <summary>Accepted by an admin, or (<paramref name="adminId"/> null) by the automatic rule of its reason.</summary>
    public void Accept(Guid? adminId, string? note, DateTimeOffset now)
    {
        EnsureOpen();
        Decide(DisputeStatus.Accepted, adminId, note, now);
        Refund = Price;
        AutoAccepted = adminId is null;
    }

    public void Refuse(Guid adminId, string note, DateTimeOffset now)
    {
        EnsureOpen();
        if (string.IsNullOrWhiteSpace(note))
            throw new ValidationFailedException("note", "Indiquez le motif du refus : le courtier le reçoit avec la décision.");
        Decide(DisputeStatus.Refused, adminId, note, now);
    }

    private void EnsureOpen()
    {
        if (Status != DisputeStatus.Open)
            throw new ConflictException(Status == DisputeStatus.Accepted ? "Ce litige a déjà été accepté." : "Ce litige a déjà été refusé.");
    }

    internal void Charge(decimal fee) => Fee = fee;

    private void Decide(DisputeStatus status, Guid? adminId, string? note, DateTimeOffset now)
    {
        note = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        if (note?.Length > MaxNote)
            throw new ValidationFailedException("note", $"La note fait {MaxNote} caractères au plus.");
        Status = status;
        DecisionNote = note;
        DecidedBy = adminId;
        DecidedAt = now;
    }
}
