using LeadsAssurance.Domain.Market;

namespace LeadsAssurance.Domain.Flows;

/// <summary>
/// A flow bought a lead at ingestion (published after the batch committed). For the broker's own screens (his flows,
/// "Mes achats") and the admin's: never forwarded to hub clients, and no other broker's market room reacts to it.
/// </summary>
public sealed record FlowDelivered(Guid FlowId, Guid BrokerId, Guid LeadId, Guid PurchaseId, Guid DeliveryId, decimal Price, string ProductCode, DateTimeOffset At)
    : MarketEvent(LeadId, At);

/// <summary>A flow was paused or resumed by the platform (credits ran out, a top-up resumed it): the broker's flows page reloads.</summary>
public sealed record FlowStatusChanged(Guid FlowId, Guid BrokerId, FlowStatus Status, string? Reason, DateTimeOffset At) : MarketEvent(Guid.Empty, At);

/// <summary>
/// A flow delivery's webhook call was recorded (delivered, failed for good, retry planned) or the delivery was queued
/// again: the broker's delivery log reloads. Stays on the server, as the other flow events.
/// </summary>
public sealed record FlowDeliveryUpdated(Guid FlowId, Guid BrokerId, Guid DeliveryId, FlowDeliveryStatus Status, DateTimeOffset At) : MarketEvent(Guid.Empty, At);
