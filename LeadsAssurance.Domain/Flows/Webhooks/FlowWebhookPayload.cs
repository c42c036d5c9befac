using System.Text.Json;
using System.Text.Json.Serialization;

namespace LeadsAssurance.Domain.Flows.Webhooks;

/// <summary>The body POSTed to a broker's CRM for one delivered lead (API.md, "Webhook to the broker's CRM").</summary>
public sealed record FlowWebhookPayload(Guid Id, string Type, DateTimeOffset CreatedAt, FlowWebhookData Data)
{
    public const string LeadPurchased = "lead.purchased";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public byte[] ToUtf8Json() => JsonSerializer.SerializeToUtf8Bytes(this, Json);
}

public sealed record FlowWebhookData(Guid PurchaseId, Guid FlowId, decimal Price, FlowWebhookLead Lead);

/// <summary>The lead with its contact (the broker bought it), its consent summary and where its certificate is.</summary>
public sealed record FlowWebhookLead(
    Guid Id,
    string ProductCode,
    string FirstName,
    string LastName,
    string Phone,
    string Email,
    string ZipCode,
    string City,
    string Departement,
    JsonElement Attributes,
    DateTimeOffset CreatedAt,
    string ProofHash,
    DateTimeOffset ConsentCapturedAt,
    Uri CertificateUrl);
