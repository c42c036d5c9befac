namespace LeadsAssurance.Domain.Leads;

/// <summary>Where a lead is in its life: on sale, held by a broker, sold out, or out of the market.</summary>
public enum LeadStatus
{
    Stock,
    Reserved,
    Sold,
    Rejected,
    /// <summary>Its consent passed the 30-day limit (Code des assurances R112-7) before it sold out.</summary>
    Expired,
    /// <summary>Its person's identity was erased (GDPR art. 17) before it sold out: off the market for good.</summary>
    Erased,
    /// <summary>Its phone or e-mail was put on an opposition list (Bloctel or another) while on sale: off the market for good.</summary>
    Opposed,
}
