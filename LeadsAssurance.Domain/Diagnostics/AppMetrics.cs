using System.Diagnostics.Metrics;

namespace LeadsAssurance.Domain.Diagnostics;

/// <summary>
/// The product's own metrics (meter "LeadsAssurance"), exported with ASP.NET Core's, the runtime's and Npgsql's at
/// /metrics when Metrics:Enabled. One static meter per process: the instruments cost next to nothing until a
/// listener (the OpenTelemetry exporter) subscribes. Tags never carry personal data or ids, only small fixed sets.
/// </summary>
public static class AppMetrics
{
    public const string MeterName = "LeadsAssurance";

    private static readonly Meter Meter = new(MeterName, "1.0");

    private static readonly Counter<long> HoldAttempts = Meter.CreateCounter<long>(
        "leadsassurance.market.holds", "{hold}", "Hold attempts by outcome (held, taken, limit, not_found)");
    private static readonly Counter<long> SaleCount = Meter.CreateCounter<long>(
        "leadsassurance.market.sales", "{sale}", "Leads sold (one per buyer)");
    private static readonly Counter<double> SaleRevenue = Meter.CreateCounter<double>(
        "leadsassurance.market.sales.amount", "EUR", "Sum of the prices of leads sold");
    private static readonly Counter<long> ReleaseCount = Meter.CreateCounter<long>(
        "leadsassurance.market.releases", "{hold}", "Holds ended without a sale, by reason (expired, cancelled)");
    private static readonly Counter<long> IngestedLeads = Meter.CreateCounter<long>(
        "leadsassurance.leads.ingested", "{lead}", "Leads submitted, by outcome (accepted, duplicate, invalid)");
    private static readonly Histogram<double> PushDelay = Meter.CreateHistogram<double>(
        "leadsassurance.push.delay", "ms", "From a market event's commit to its send to hub clients on this node",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000] });
    private static readonly UpDownCounter<long> Circuits = Meter.CreateUpDownCounter<long>(
        "leadsassurance.circuits.open", "{circuit}", "Blazor circuits open on this node");
    private static readonly Counter<long> Unavailable = Meter.CreateCounter<long>(
        "leadsassurance.database.unavailable", "{request}",
        "Requests answered 503 because the database could not serve them (pool_exhausted: no free pooled connection within Database:ConnectionWait)");

    private static readonly Histogram<double> WebhookCalls = Meter.CreateHistogram<double>(
        "leadsassurance.flows.webhook.duration", "ms", "Calls to brokers' CRMs (flow webhooks), by outcome (delivered, refused, no_answer)",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000] });

    public static void FlowWebhookCalled(string outcome, int durationMs) =>
        WebhookCalls.Record(durationMs, new KeyValuePair<string, object?>("outcome", outcome));

    public static void Hold(string outcome) => HoldAttempts.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    public static void Sold(decimal price)
    {
        SaleCount.Add(1);
        SaleRevenue.Add((double)price);
    }

    public static void Released(bool expired, int count = 1) =>
        ReleaseCount.Add(count, new KeyValuePair<string, object?>("reason", expired ? "expired" : "cancelled"));

    public static void Ingested(string outcome, int count)
    {
        if (count > 0)
            IngestedLeads.Add(count, new KeyValuePair<string, object?>("outcome", outcome));
    }

    public static void Pushed(TimeSpan sinceCommit) => PushDelay.Record(Math.Max(0, sinceCommit.TotalMilliseconds));

    public static void CircuitOpened() => Circuits.Add(1);

    public static void CircuitClosed() => Circuits.Add(-1);

    /// <summary>A request was answered 503: the server is down or refused us, or the pool had no connection in time.</summary>
    public static void DatabaseUnavailable(bool poolExhausted) =>
        Unavailable.Add(1, new KeyValuePair<string, object?>("pool_exhausted", poolExhausted));
}
