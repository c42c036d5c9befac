namespace LeadsAssurance.Domain.Flows;

/// <summary>A delivery whose webhook calls all failed (until it is resent): who, which flow, which lead, and why.</summary>
public sealed record FailedWebhook(
    Guid DeliveryId, Guid FlowId, string FlowName, Guid BrokerId, string BrokerCompany, Guid LeadId, int Attempts, string? LastError,
    DateTimeOffset CreatedAt, DateTimeOffset? LastAttemptAt);
