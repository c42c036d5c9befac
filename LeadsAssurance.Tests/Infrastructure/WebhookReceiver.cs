using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LeadsAssurance.Tests.Infrastructure;

/// <summary>
/// A broker's CRM for webhook tests: a real HTTP server on a loopback port that records every call (headers and raw
/// body) and answers what the test scripts: a status per call number, or a dropped connection while it is "down".
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    public sealed record Call(int Number, string? Signature, string? ContentType, byte[] Body, DateTimeOffset At);

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<Call> _calls = new();
    private int _count;

    private WebhookReceiver(WebApplication app) => _app = app;

    /// <summary>The status to answer to call n (1-based); 200 unless the test says otherwise.</summary>
    public Func<int, int> Answer { get; set; } = _ => 200;

    /// <summary>While true, every call's connection is dropped without an answer (the CRM is down).</summary>
    public bool Down { get; set; }

    public IReadOnlyList<Call> Calls => [.. _calls];

    public Uri Url { get; private set; } = null!;

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/webhooks/leads", async (HttpContext http) =>
        {
            using var body = new MemoryStream();
            await http.Request.Body.CopyToAsync(body);
            if (receiver.Down)
            {
                http.Abort();
                return;
            }
            var number = Interlocked.Increment(ref receiver._count);
            receiver._calls.Enqueue(new Call(number, http.Request.Headers["LeadsAssurance-Signature"], http.Request.ContentType, body.ToArray(), DateTimeOffset.UtcNow));
            http.Response.StatusCode = receiver.Answer(number);
            await http.Response.WriteAsync(http.Response.StatusCode >= 300 ? "erreur simulée " + new string('x', 3000) : "ok");
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.Url = new Uri(new Uri(address), "/webhooks/leads");
        return receiver;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
