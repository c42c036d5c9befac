using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using LeadsAssurance.Domain.Flows.Webhooks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LeadsAssurance.Bench;

/// <summary>
/// A broker's CRM on a loopback port, in the bench process: Kestrel, one POST route, 200 to every call. Records when
/// each lead's webhook had been read in full (a <see cref="Stopwatch"/> timestamp, keyed by the payload's lead id).
/// </summary>
public sealed class WebhookSink : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _unsigned;

    private WebhookSink(WebApplication app) => _app = app;

    public ConcurrentDictionary<Guid, long> Received { get; } = new();

    /// <summary>Calls without a signature header (there should be none).</summary>
    public int Unsigned => Volatile.Read(ref _unsigned);

    public Uri Url { get; private set; } = null!;

    public static async Task<WebhookSink> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var sink = new WebhookSink(app);
        app.MapPost("/webhooks/leads", async (HttpContext http) =>
        {
            using var body = await JsonDocument.ParseAsync(http.Request.Body);
            var at = Stopwatch.GetTimestamp();
            if (string.IsNullOrEmpty(http.Request.Headers[WebhookSignature.Header]))
                Interlocked.Increment(ref sink._unsigned);
            sink.Received.TryAdd(body.RootElement.GetProperty("data").GetProperty("lead").GetProperty("id").GetGuid(), at);
            return Results.Ok();
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        sink.Url = new Uri(new Uri(address), "/webhooks/leads");
        return sink;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
