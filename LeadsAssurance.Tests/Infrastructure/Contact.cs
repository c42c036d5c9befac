using LeadsAssurance.Domain.Leads;

namespace LeadsAssurance.Tests.Infrastructure;

/// <summary>The identifying fields of a lead: what the market, the hub and every public page must never show.</summary>
public sealed record Contact(string FirstName, string LastName, string Phone, string Email)
{
    public static Contact Of(Lead lead) => new(lead.FirstName, lead.LastName, lead.Phone, lead.Email);
}
