namespace LeadsAssurance.Domain.Flows;

/// <summary>
/// A flow as the admin supervises it: with its broker, who or what paused it, and how many of its deliveries' webhooks
/// failed for good.
/// </summary>
public sealed record SupervisedFlow(FlowSummary Flow, string BrokerCompany, string? BrokerEmail, FlowPauseCause? PauseCause, int FailedDeliveries);
