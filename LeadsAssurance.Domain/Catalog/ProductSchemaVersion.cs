namespace LeadsAssurance.Domain.Catalog;

/// <summary>
/// One version of a product's attribute schema, kept for good: a lead records the version it was validated against
/// (<see cref="Leads.Lead.SchemaVersion"/>), so a later change never makes an accepted lead invalid or unreadable.
/// </summary>
public class ProductSchemaVersion
{
    private ProductSchemaVersion() { }

    public ProductSchemaVersion(string productCode, int version, string schema, Guid? createdBy, DateTimeOffset now)
    {
        ProductCode = productCode;
        Version = version;
        Schema = schema;
        CreatedBy = createdBy;
        CreatedAt = now;
    }

    public string ProductCode { get; private set; } = "";
    public int Version { get; private set; }
    public string Schema { get; private set; } = "{}";
    /// <summary>The admin who saved it; null for the catalogue shipped with the app.</summary>
    public Guid? CreatedBy { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
}
