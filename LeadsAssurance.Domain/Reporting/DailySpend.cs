namespace LeadsAssurance.Domain.Reporting;

/// <summary>What a broker bought on one Europe/Paris calendar day: leads and euros.</summary>
public sealed record DailySpend(DateOnly Day, int Leads, decimal Amount);
