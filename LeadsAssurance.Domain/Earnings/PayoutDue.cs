namespace LeadsAssurance.Domain.Earnings;

/// <summary>
/// One provider's line of the month's payouts: his earnings released by the month's end (<see cref="Released"/>), all
/// paid so far (<see cref="PaidOut"/>), what is left to transfer (<see cref="Due"/>), and the transfers booked for the month.
/// </summary>
public sealed record PayoutDue(Guid ProviderId, string Company, string Email, decimal Released, decimal PaidOut, decimal Due,
    decimal PaidForMonth, string References);
