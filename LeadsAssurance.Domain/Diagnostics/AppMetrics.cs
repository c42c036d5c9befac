using System.Diagnostics.Metrics;

namespace LeadsAssurance.Domain.Diagnostics;

/// <summary>
/// The product's own metrics (meter "LeadsAssurance"), exported with ASP.NET Core's, the runtime's and Npgsql's at
/// /metrics when Metrics:Enabled. One static meter per process: the instruments are cheap no-ops until a listener
/// (the OpenTelemetry exporter) subscribes.
/// </summary>
public static class AppMetrics
{
    public const string MeterName = "LeadsAssurance";

    private static readonly Meter Meter = new(MeterName, "1.0");

    private static readonly Counter<long> Unavailable = Meter.CreateCounter<long>(
        "leadsassurance.database.unavailable", "{request}", "Requests answered 503 because the database could not serve them (pool_exhausted: no free pooled connection within Database:ConnectionWait)");

    /// <summary>A request was answered 503: the server is down or refused us, or the pool had no connection in time.</summary>
    public static void DatabaseUnavailable(bool poolExhausted) =>
        Unavailable.Add(1, new KeyValuePair<string, object?>("pool_exhausted", poolExhausted));
}
