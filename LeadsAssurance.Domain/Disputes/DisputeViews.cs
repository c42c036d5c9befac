namespace LeadsAssurance.Domain.Disputes;

/// <summary>A dispute as both parties and the API see it.</summary>
public sealed record DisputeView(
    Guid Id, Guid LeadId, Guid BrokerId, Guid ProviderId, string Reason, string ReasonLabel, string? Comment, DisputeStatus Status,
    string? DecisionNote, decimal? Refund, DateTimeOffset CreatedAt, DateTimeOffset? DecidedAt);

/// <summary>What the admin's queue shows.</summary>
public sealed record DisputeQueueFilter(DisputeStatus? Status = null, string? Reason = null, bool NeedsAttentionOnly = false, int Limit = 200);

/// <summary>
/// An account's returns over the last 30 days: disputes opened (against its purchases for a broker, its sales for a
/// provider), how many were accepted, and the purchases or sales they are counted against.
/// </summary>
public sealed record ReturnRate(int Disputes, int Accepted, int Sales)
{
    public decimal Rate => Sales == 0 ? 0m : (decimal)Disputes / Sales;
    public decimal AcceptedRate => Sales == 0 ? 0m : (decimal)Accepted / Sales;
}

/// <summary>
/// One row of the admin's queue: the dispute, the lead and its consent proof, both parties and their return rates, and the
/// broker's recorded calls to the lead.
/// </summary>
public sealed record DisputeQueueItem(
    DisputeView Dispute, bool NeedsAttention, decimal Price, string ProductLabel, string Departement, string City, DateTimeOffset PurchasedAt,
    string? ProofHash, string BrokerCompany, string ProviderCompany, ReturnRate BrokerRate, ReturnRate ProviderRate,
    Calling.CallEvidence? Calls = null);

/// <summary>A return of one of the provider's sold leads, as his "Retours" page shows it.</summary>
public sealed record ProviderReturn(
    Guid Id, Guid LeadId, string ProductLabel, string City, string Departement, DateTimeOffset LeadCreatedAt, decimal Price, string ReasonLabel,
    string? Comment, DisputeStatus Status, string? DecisionNote, bool AutoAccepted, DateTimeOffset CreatedAt, DateTimeOffset? DecidedAt,
    int CallAttempts = 0);
