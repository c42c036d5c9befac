namespace LeadsAssurance.Domain.Disputes;

/// <summary>
/// A dispute was opened or decided, announced by <see cref="DisputeService"/> after commit so that the broker's
/// "Mes achats" and the admin's queue follow on every node. Stays on the server: never forwarded to hub clients
/// (API clients read <c>GET /api/v1/disputes</c>).
/// </summary>
public sealed record DisputeChanged(Guid DisputeId, Guid LeadId, Guid BrokerId, Guid ProviderId, DisputeStatus Status, DateTimeOffset At)
    : Market.MarketEvent(LeadId, At);
