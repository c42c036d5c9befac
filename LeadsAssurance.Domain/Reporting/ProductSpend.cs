namespace LeadsAssurance.Domain.Reporting;

/// <summary>What a broker bought of one product over a period: leads and euros.</summary>
public sealed record ProductSpend(string Code, string Label, int Leads, decimal Amount);
