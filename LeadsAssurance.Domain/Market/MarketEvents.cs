using System.Text.Json.Serialization;

namespace LeadsAssurance.Domain.Market;

/// <summary>
/// A lead as the market shows it: never a name, a phone, an e-mail or an address. <see cref="ProviderId"/> stays on the
/// server (the provider's own pages follow their leads with it; the public API's item leaves it out).
/// </summary>
public sealed record MarketLead(
    Guid Id, string ProductCode, string ProductLabel, string Departement, string City, DateTimeOffset CreatedAt,
    decimal Price, bool Exclusive, int BuyersLeft, IReadOnlyDictionary<string, object?> Attributes, decimal ProviderScore,
    DateTimeOffset ConsentCapturedAt, Guid ProviderId);

/// <summary>Something that happened on the market, published after the transaction committed.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(LeadListed), "listed")]
[JsonDerivedType(typeof(LeadReserved), "reserved")]
[JsonDerivedType(typeof(LeadReleased), "released")]
[JsonDerivedType(typeof(LeadSold), "sold")]
[JsonDerivedType(typeof(MarketResync), "resync")]
[JsonDerivedType(typeof(LeadsListedElsewhere), "listedIds")]
public abstract record MarketEvent(Guid LeadId, DateTimeOffset At);

public sealed record LeadListed(MarketLead Lead, DateTimeOffset At) : MarketEvent(Lead.Id, At);

public sealed record LeadReserved(Guid LeadId, Guid BrokerId, DateTimeOffset ExpiresAt, int BuyersLeft, decimal Price, DateTimeOffset At) : MarketEvent(LeadId, At);

public sealed record LeadReleased(Guid LeadId, Guid BrokerId, int BuyersLeft, bool Expired, DateTimeOffset At) : MarketEvent(LeadId, At);

public sealed record LeadSold(Guid LeadId, Guid BrokerId, int BuyersLeft, decimal Price, string ProductCode, DateTimeOffset At) : MarketEvent(LeadId, At);

/// <summary>Events may have been missed (the bus reconnected): every view should reload.</summary>
public sealed record MarketResync(DateTimeOffset At) : MarketEvent(Guid.Empty, At);

/// <summary>
/// Between nodes only: leads another node listed, by id; the receiving node reads their masked form from the database
/// before its subscribers see them as <see cref="LeadListed"/>. Sent whole, a 100,000-row import would push its masked
/// list (about 30 MB) through PostgreSQL's notification queue, which cost the import a third of its throughput.
/// </summary>
public sealed record LeadsListedElsewhere(IReadOnlyList<Guid> LeadIds, DateTimeOffset At) : MarketEvent(Guid.Empty, At);
