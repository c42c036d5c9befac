using LeadsAssurance.Domain.Accounts;
using LeadsAssurance.Domain.Catalog;
using LeadsAssurance.Domain.Market;

namespace LeadsAssurance.Domain.Leads;

/// <summary>A prospect who consented to be called about one product. Contact fields are revealed only to buyers.</summary>
public class Lead
{
    private Lead() { }

    public Lead(Guid id, Product product, Guid providerId, LeadContact contact, string departement,
        string attributesJson, bool exclusive, DateTimeOffset now)
        : this(id, product.Code, product.Price, product.MaxBuyers, providerId, contact, departement, attributesJson, exclusive, now,
            product.PriceSchedule)
    {
    }

    /// <summary>
    /// A new lead on sale at the catalogue's price (and its schedule, if the price falls with age): exclusive (one buyer)
    /// or shared by the product's places.
    /// </summary>
    public Lead(Guid id, string productCode, decimal price, int productMaxBuyers, Guid providerId, LeadContact contact,
        string departement, string attributesJson, bool exclusive, DateTimeOffset now, PriceSchedule? priceSchedule = null)
    {
        Id = id;
        ProductCode = productCode;
        ProviderId = providerId;
        FirstName = contact.FirstName;
        LastName = contact.LastName;
        Phone = contact.Phone;
        Email = contact.Email;
        ZipCode = contact.ZipCode;
        City = contact.City;
        Departement = departement;
        Attributes = attributesJson;
        MaxBuyers = exclusive ? 1 : Math.Max(2, productMaxBuyers);
        Price = price;
        PriceFloor = priceSchedule?.Floor;
        PriceStep = priceSchedule?.Step;
        PriceStepInterval = priceSchedule?.Interval;
        Status = LeadStatus.Stock;
        CreatedAt = now;
        UpdatedAt = now;
    }

    public Guid Id { get; private set; }
    public string ProductCode { get; private set; } = "";
    public Product Product { get; private set; } = null!;
    public Guid ProviderId { get; private set; }
    public ApplicationUser Provider { get; private set; } = null!;

    public string FirstName { get; private set; } = "";
    public string LastName { get; private set; } = "";
    /// <summary>E.164, e.g. +33612345678.</summary>
    public string Phone { get; private set; } = "";
    public string Email { get; private set; } = "";
    public string ZipCode { get; private set; } = "";
    public string City { get; private set; } = "";
    /// <summary>Département code derived from the zip code: "75", "2A", "974".</summary>
    public string Departement { get; private set; } = "";

    /// <summary>The product-specific attributes, a JSON document valid against the product's schema (jsonb).</summary>
    public string Attributes { get; private set; } = "{}";

    public LeadStatus Status { get; private set; }
    /// <summary>The start price: what the lead costs when listed. What it costs now is <see cref="LeadPriceRule"/>'s.</summary>
    public decimal Price { get; private set; }
    /// <summary>With <see cref="PriceStep"/> and <see cref="PriceStepInterval"/>, the schedule copied from the product at listing (all null: a fixed price).</summary>
    public decimal? PriceFloor { get; private set; }
    public decimal? PriceStep { get; private set; }
    public TimeSpan? PriceStepInterval { get; private set; }
    public PriceSchedule? PriceSchedule => PriceSchedule.From(PriceFloor, PriceStep, PriceStepInterval);
    /// <summary>1 for an exclusive lead, N for a lead shared by up to N brokers.</summary>
    public int MaxBuyers { get; private set; }
    /// <summary>Places sold so far.</summary>
    public int SoldCount { get; private set; }
    /// <summary>Places currently held by brokers.</summary>
    public int HeldCount { get; private set; }
    public string? RejectionReason { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }
    /// <summary>When the consent was captured, copied here so the market can hide leads past the 30-day limit.</summary>
    public DateTimeOffset ConsentCapturedAt { get; private set; }

    /// <summary>
    /// The random key of the identity digest a version-2 consent commits to; erased with the identity, after which the
    /// digest can no longer be tested against a guessed phone or e-mail. Null for version-1 consents and once erased.
    /// </summary>
    public byte[]? IdentitySalt { get; private set; }
    /// <summary>When the person's name, phone, e-mail and city were erased (GDPR art. 17); null while they are held.</summary>
    public DateTimeOffset? ErasedAt { get; private set; }

    /// <summary>PostgreSQL xmin, the optimistic concurrency token.</summary>
    public uint Version { get; private set; }

    public bool Exclusive => MaxBuyers == 1;
    public int PlacesLeft => LeadSaleRule.PlacesLeft(MaxBuyers, SoldCount, HeldCount);

    public void AttachConsentTime(DateTimeOffset capturedAt) => ConsentCapturedAt = capturedAt;

    /// <summary>
    /// The normalised keys of the consent's partners (<see cref="Partners.PartnerName.KeysOf(IEnumerable{string})"/>),
    /// copied at ingestion so the market tells each broker whether he is named with an array overlap in SQL. Null for
    /// leads written before the keys existed, until the start-up backfill computed them.
    /// </summary>
    public string[]? PartnerKeys { get; private set; }

    public void AttachPartners(IEnumerable<string> partners) => PartnerKeys = Partners.PartnerName.KeysOf(partners);

    public void AttachIdentitySalt(byte[] salt) => IdentitySalt = salt;

    /// <summary>The version of its product's schema the attributes were validated against (ProductSchemaVersion).</summary>
    public int SchemaVersion { get; private set; } = 1;

    public void ValidatedAgainst(int schemaVersion) => SchemaVersion = schemaVersion;

    /// <summary>
    /// The opposition list version its phone and e-mail were checked against at ingestion (0: no list loaded yet); null for
    /// leads received before opposition lists existed.
    /// </summary>
    public int? OppositionVersion { get; private set; }

    public void CheckedAgainstOpposition(int version) => OppositionVersion = version;

    /// <summary>Back to no place sold, before routing decides: a new lead copied with the places a prediction gave flows.</summary>
    internal void UnsoldToFlows()
    {
        SoldCount = 0;
        Status = LeadStatus.Stock;
    }

    /// <summary>Broker flows bought <paramref name="places"/> places at ingestion, before the market saw the lead.</summary>
    internal void SoldToFlows(int places, DateTimeOffset now)
    {
        SoldCount += places;
        if (SoldCount >= MaxBuyers)
            Status = LeadStatus.Sold;
        UpdatedAt = now;
    }
}

/// <summary>The identifying fields of a lead, already validated and normalised.</summary>
public sealed record LeadContact(string FirstName, string LastName, string Phone, string Email, string ZipCode, string City);
