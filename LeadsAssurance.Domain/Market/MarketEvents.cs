using System.Text.Json.Serialization;

namespace LeadsAssurance.Domain.Market;

/// <summary>
/// A lead as the market shows it: never a name, a phone, an e-mail or an address. <see cref="ProviderId"/> stays on the
/// server (the provider's own pages follow their leads with it; the public API's item leaves it out). <see cref="Price"/>
/// is its price when read (at <see cref="PricedAt"/>); with a <see cref="PriceSchedule"/> a screen computes the later
/// ones with <see cref="PriceAt"/>, without asking the server. <see cref="ProviderScore"/> is the provider's quality
/// score (0 to 5, one decimal) and <see cref="ProviderSales"/> the sales behind it. <see cref="NamedPartner"/>: whether the
/// broker who listed the market is named among the consent's partners; null when read for nobody in particular (an event
/// every screen receives, which reloads its own list).
/// </summary>
public sealed record MarketLead(
    Guid Id, string ProductCode, string ProductLabel, string Departement, string City, DateTimeOffset CreatedAt,
    decimal Price, bool Exclusive, int BuyersLeft, IReadOnlyDictionary<string, object?> Attributes, decimal ProviderScore,
    DateTimeOffset ConsentCapturedAt, Guid ProviderId, decimal StartPrice, PriceSchedule? PriceSchedule, DateTimeOffset PricedAt,
    int ProviderSales = 0, bool? NamedPartner = null)
{
    /// <summary>The price at <paramref name="now"/>.</summary>
    public decimal PriceAt(DateTimeOffset now) => LeadPriceRule.CurrentPrice(StartPrice, PriceSchedule, CreatedAt, now);

    /// <summary>When the price next falls after <paramref name="now"/>; null for a fixed price or one at its floor.</summary>
    public DateTimeOffset? NextPriceAt(DateTimeOffset now) => LeadPriceRule.NextPriceAt(StartPrice, PriceSchedule, CreatedAt, now);

    /// <summary>How much the next drop after <paramref name="now"/> takes off; 0 when none comes.</summary>
    public decimal NextDrop(DateTimeOffset now) => LeadPriceRule.NextDrop(StartPrice, PriceSchedule, CreatedAt, now);
}

/// <summary>
/// Something that happened on the market, published after the transaction committed, and carried to every node by
/// <see cref="MarketEventBus"/>. The bus also carries the few other facts a screen on another node must learn at once
/// (<see cref="BalanceChanged"/>, <see cref="AccountStatusChanged"/>, <see cref="ImportProgressed"/>); those have no lead.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(LeadListed), "listed")]
[JsonDerivedType(typeof(LeadReserved), "reserved")]
[JsonDerivedType(typeof(LeadReleased), "released")]
[JsonDerivedType(typeof(LeadSold), "sold")]
[JsonDerivedType(typeof(LeadWithdrawn), "withdrawn")]
[JsonDerivedType(typeof(MarketResync), "resync")]
[JsonDerivedType(typeof(LeadsListedElsewhere), "listedIds")]
[JsonDerivedType(typeof(BalanceChanged), "balance")]
[JsonDerivedType(typeof(AccountStatusChanged), "account")]
[JsonDerivedType(typeof(ImportProgressed), "import")]
[JsonDerivedType(typeof(Flows.FlowDelivered), "flowDelivered")]
[JsonDerivedType(typeof(Flows.FlowStatusChanged), "flowStatus")]
[JsonDerivedType(typeof(Flows.FlowDeliveryUpdated), "flowDelivery")]
[JsonDerivedType(typeof(Disputes.DisputeChanged), "dispute")]
[JsonDerivedType(typeof(Catalog.CatalogChanged), "catalog")]
public abstract record MarketEvent(Guid LeadId, DateTimeOffset At);

public sealed record LeadListed(MarketLead Lead, DateTimeOffset At) : MarketEvent(Lead.Id, At);

public sealed record LeadReserved(Guid LeadId, Guid BrokerId, DateTimeOffset ExpiresAt, int BuyersLeft, decimal Price, DateTimeOffset At) : MarketEvent(LeadId, At);

public sealed record LeadReleased(Guid LeadId, Guid BrokerId, int BuyersLeft, bool Expired, DateTimeOffset At) : MarketEvent(LeadId, At);

public sealed record LeadSold(Guid LeadId, Guid BrokerId, int BuyersLeft, decimal Price, string ProductCode, DateTimeOffset At) : MarketEvent(LeadId, At);

/// <summary>Why a lead left the market before selling out.</summary>
public enum WithdrawalReason
{
    /// <summary>Its phone or e-mail is on an opposition list (Bloctel or another).</summary>
    Opposed,
    /// <summary>Its consent passed the 30-day limit (R112-7).</summary>
    ConsentExpired,
    /// <summary>Its person's identity was erased (GDPR art. 17).</summary>
    Erased,
}

/// <summary>The lead left the market for good: every grid drops it.</summary>
public sealed record LeadWithdrawn(Guid LeadId, WithdrawalReason Reason, DateTimeOffset At) : MarketEvent(LeadId, At)
{
    /// <summary>Beyond this many leads at once, one <see cref="MarketResync"/> tells the screens more cheaply than an event each.</summary>
    public const int MaxPerPublish = 500;

    /// <summary>The events telling every screen that <paramref name="leads"/> left the market.</summary>
    public static IEnumerable<MarketEvent> For(IReadOnlyCollection<Guid> leads, WithdrawalReason reason, DateTimeOffset at) =>
        leads.Count == 0 ? []
        : leads.Count > MaxPerPublish ? [new MarketResync(at)]
        : leads.Select(id => (MarketEvent)new LeadWithdrawn(id, reason, at));
}

/// <summary>Events may have been missed (the bus reconnected): every view should reload.</summary>
public sealed record MarketResync(DateTimeOffset At) : MarketEvent(Guid.Empty, At);

/// <summary>
/// Between nodes only: leads another node listed, by id; the receiving node reads their masked form from the database
/// before its subscribers see them as <see cref="LeadListed"/>. Sent whole, a 100,000-row import would push its masked
/// list (about 30 MB) through PostgreSQL's notification queue, which cost the import a third of its throughput.
/// </summary>
public sealed record LeadsListedElsewhere(IReadOnlyList<Guid> LeadIds, DateTimeOffset At) : MarketEvent(Guid.Empty, At);

/// <summary>
/// A broker's wallet moved (top-up, purchase, card payment, refund), announced by <see cref="Ledger.LedgerService"/> after
/// commit so that his balance chip follows on every node. Stays on the server: never forwarded to hub clients.
/// <see cref="EntryId"/> grows with each movement of an account (they are appended under its lock): announcements of
/// concurrent movements may arrive out of order, and a screen keeps the balance of the highest entry it saw.
/// </summary>
public sealed record BalanceChanged(Guid AccountId, long EntryId, decimal Balance, DateTimeOffset At) : MarketEvent(Guid.Empty, At);

/// <summary>An account was approved or suspended (or its API keys changed): every node drops what it cached about it.</summary>
public sealed record AccountStatusChanged(Guid AccountId, Accounts.AccountStatus Status, DateTimeOffset At) : MarketEvent(Guid.Empty, At);

/// <summary>An import moved (a batch committed, or it ended), on whichever node runs it: pages following it read it again.</summary>
public sealed record ImportProgressed(Guid ImportId, Guid ProviderId, Ingestion.ImportStatus Status, DateTimeOffset At) : MarketEvent(Guid.Empty, At);
