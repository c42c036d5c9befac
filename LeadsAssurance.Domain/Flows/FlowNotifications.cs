namespace LeadsAssurance.Domain.Flows;

/// <summary>
/// The e-mails a broker wants about his flows' purchases: none (the page and the webhook suffice), one per delivery
/// (one message per ingestion batch, listing what his flows bought), or a summary of each Paris day, sent the next morning.
/// </summary>
public enum FlowNotifications
{
    None,
    EachDelivery,
    DailyDigest,
}
