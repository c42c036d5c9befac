using LeadsAssurance.Domain.Market;

namespace LeadsAssurance.Domain.Catalog;

/// <summary>A type of lead sold on the marketplace. Its attributes are described by a JSON Schema, so products are data.</summary>
public class Product
{
    private Product() { }

    public Product(string code, string label, string category, decimal price, int maxBuyers, string attributesSchema, int sortOrder)
    {
        Code = code;
        Label = label;
        Category = category;
        SortOrder = sortOrder;
        AttributesSchema = attributesSchema;
        IsActive = true;
        ChangePricing(price, maxBuyers);
    }

    public string Code { get; private set; } = "";
    public string Label { get; private set; } = "";
    /// <summary>"Crédit", "Santé et prévoyance", ... for grouping in lists.</summary>
    public string Category { get; private set; } = "";
    /// <summary>The start price of a new lead.</summary>
    public decimal Price { get; private set; }
    /// <summary>With <see cref="PriceStep"/> and <see cref="PriceStepInterval"/>, how new leads' price falls with age (all null: a fixed price).</summary>
    public decimal? PriceFloor { get; private set; }
    public decimal? PriceStep { get; private set; }
    public TimeSpan? PriceStepInterval { get; private set; }
    public PriceSchedule? PriceSchedule => PriceSchedule.From(PriceFloor, PriceStep, PriceStepInterval);
    /// <summary>How many brokers may buy one shared lead of this product (1 = exclusive only).</summary>
    public int MaxBuyers { get; private set; }
    /// <summary>The platform's share of each sale's price (0.30 = 30 %); the provider earns the rest.</summary>
    public decimal CommissionRate { get; private set; } = DefaultCommissionRate;
    /// <summary>JSON Schema (draft 2020-12 subset) of the lead's attributes, stored as jsonb.</summary>
    public string AttributesSchema { get; private set; } = "{}";
    public bool IsActive { get; private set; }
    /// <summary>
    /// Only a broker named among a lead's consent partners may hold or buy it (market and flows): the CNIL holds the buyer
    /// of a lead responsible for being named on the collection form.
    /// </summary>
    public bool RequireNamedPartner { get; private set; }

    public void SetRequireNamedPartner(bool required) => RequireNamedPartner = required;
    public int SortOrder { get; private set; }

    public const decimal DefaultCommissionRate = 0.30m;

    /// <summary>Sets the commission on sales from now on; past sales keep the rate recorded on their earnings line.</summary>
    public void ChangeCommission(decimal rate)
    {
        if (rate is < 0m or > 1m || decimal.Round(rate, 4) != rate)
            throw new DomainException("La commission doit être comprise entre 0 % et 100 % (deux décimales au plus).");
        CommissionRate = rate;
    }

    public void ChangePricing(decimal price, int maxBuyers)
    {
        if (price <= 0 || price > 10_000m || decimal.Round(price, 2) != price)
            throw new DomainException("Le prix doit être compris entre 0,01 € et 10 000 €, au centime près.");
        if (maxBuyers is < 1 or > 10)
            throw new DomainException("Le nombre d'acheteurs doit être compris entre 1 et 10.");
        Price = price;
        MaxBuyers = maxBuyers;
    }

    /// <summary>Sets how the price of the leads listed from now on falls with age (null: a fixed price); leads on sale keep theirs.</summary>
    public void ChangePriceSchedule(PriceSchedule? schedule)
    {
        if (schedule?.Errors(Price) is { Count: > 0 } errors)
            throw new DomainException(string.Join(" ", errors.Values));
        PriceFloor = schedule?.Floor;
        PriceStep = schedule?.Step;
        PriceStepInterval = schedule?.Interval;
    }

    public void Rename(string label)
    {
        if (string.IsNullOrWhiteSpace(label))
            throw new DomainException("Le libellé est obligatoire.");
        Label = label.Trim();
    }

    /// <summary>The version of <see cref="AttributesSchema"/>; each change saves a new <see cref="ProductSchemaVersion"/>.</summary>
    public int SchemaVersion { get; private set; } = 1;

    /// <summary>A new version of the schema (checked by <see cref="ProductSchemaCheck"/> first); returns its number.</summary>
    public int ChangeSchema(string schemaJson)
    {
        AttributesSchema = schemaJson;
        return ++SchemaVersion;
    }

    public void SetActive(bool active) => IsActive = active;

    public void Reorder(int sortOrder) => SortOrder = sortOrder;
}
