namespace LeadsAssurance.Domain.Flows;

/// <summary>How many deliveries failed for good in all, and the latest of them.</summary>
public sealed record FailedWebhooks(int Total, IReadOnlyList<FailedWebhook> Latest);
