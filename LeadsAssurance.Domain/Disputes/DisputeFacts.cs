namespace LeadsAssurance.Domain.Disputes;

/// <summary>What both parties' e-mails say about a decided dispute.</summary>
public sealed record DisputeFacts(string ProductLabel, string City, string Reason, decimal Price, DisputeStatus Status, string? Note,
    decimal? Fee = null);
