namespace LeadsAssurance.Domain.Disputes;

/// <summary>Where a broker's return request stands: waiting for the admin, or decided.</summary>
public enum DisputeStatus
{
    Open,
    Accepted,
    Refused,
}
