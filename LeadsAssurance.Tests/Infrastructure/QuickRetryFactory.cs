using LeadsAssurance.Domain.Flows;
using Microsoft.EntityFrameworkCore;

namespace LeadsAssurance.Tests.Infrastructure;

/// <summary>
/// The market app whose flow webhooks are retried once, a second after the first call (on the app's clock): a CRM that
/// refuses leads makes a failed delivery in two calls instead of six spread over nine hours.
/// </summary>
public sealed class QuickRetryFactory : MarketFactory
{
    public QuickRetryFactory() => Settings["Flows:WebhookRetryDelays:0"] = "00:00:01";

    /// <summary>Moves the clock on until the flow's delivery of <paramref name="leadId"/> has failed for good; false if it never does.</summary>
    public async Task<bool> FailAsync(Guid leadId)
    {
        return await Eventually.TrueAsync(async () =>
        {
            await using var db = CreateDbContext();
            if (await db.FlowDeliveries.AnyAsync(d => d.LeadId == leadId && d.Status == FlowDeliveryStatus.Failed))
                return true;
            Clock.Advance(TimeSpan.FromSeconds(2));
            return false;
        }, TimeSpan.FromSeconds(30));
    }
}
