using LeadsAssurance.Domain.Diagnostics;
using Microsoft.AspNetCore.Components.Server.Circuits;
using OpenTelemetry.Metrics;

namespace LeadsAssurance.Web.Hosting;

/// <summary>
/// Logs: outside Development one JSON object per line with the request's scope (RequestId, TraceId, path), so a log
/// line is traced back to its request. Metrics (Metrics:Enabled): OpenTelemetry in Prometheus text format at /metrics,
/// with ASP.NET Core's, the runtime's, Npgsql's (pools, waits, timeouts) and the product's own (<see cref="AppMetrics"/>).
/// /metrics answers on the nodes' own ports; the proxy does not forward it.
/// </summary>
public static class ObservabilitySetup
{
    public const string MetricsPath = "/metrics";

    private static readonly string[] Meters =
    [
        AppMetrics.MeterName, "Npgsql", "System.Runtime", "System.Net.Http",
        "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "Microsoft.AspNetCore.Http.Connections",
        "Microsoft.AspNetCore.Routing", "Microsoft.AspNetCore.Diagnostics", "Microsoft.AspNetCore.RateLimiting",
        "Microsoft.AspNetCore.Authentication", "Microsoft.AspNetCore.Authorization", "Microsoft.AspNetCore.Components",
        "Microsoft.AspNetCore.Components.Server.Circuits",
    ];

    public static IHostApplicationBuilder AddObservability(this IHostApplicationBuilder builder)
    {
        builder.Logging.Configure(o => o.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId);
        if (!builder.Environment.IsDevelopment())
        {
            builder.Logging.ClearProviders();
            builder.Logging.AddJsonConsole(o =>
            {
                o.IncludeScopes = true;
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
            });
        }
        builder.Services.AddScoped<CircuitHandler, CircuitCounter>();
        if (builder.Configuration.GetValue<bool>("Metrics:Enabled"))
            builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics.AddMeter(Meters).AddPrometheusExporter());
        return builder;
    }

    public static WebApplication MapMetrics(this WebApplication app)
    {
        if (app.Configuration.GetValue<bool>("Metrics:Enabled"))
            app.MapPrometheusScrapingEndpoint(MetricsPath).DisableRateLimiting();
        return app;
    }

    /// <summary>Counts this node's open circuits (one per browser tab on an interactive page).</summary>
    private sealed class CircuitCounter : CircuitHandler
    {
        public override Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
        {
            AppMetrics.CircuitOpened();
            return Task.CompletedTask;
        }

        public override Task OnCircuitClosedAsync(Circuit circuit, CancellationToken cancellationToken)
        {
            AppMetrics.CircuitClosed();
            return Task.CompletedTask;
        }
    }
}
