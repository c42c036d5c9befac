namespace LeadsAssurance.Domain.Flows;

/// <summary>Where the webhook call announcing a flow purchase is. NoWebhook: the flow has no URL, nothing to send.</summary>
public enum FlowDeliveryStatus
{
    Pending,
    Delivered,
    Failed,
    NoWebhook,
}
