using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LeadsAssurance.Tests.Infrastructure;

/// <summary>
/// A local stand-in for api.stripe.com: creates Checkout sessions (honouring Idempotency-Key as Stripe does), or answers
/// 500 when told to; and builds webhook events signed with Stripe's real scheme (HMAC-SHA256 of "t.payload").
/// </summary>
public sealed class FakeStripe : IAsyncDisposable
{
    public const string SecretKey = "sk_test_fake_0123456789";
    public const string WebhookSecret = "whsec_test_fake_secret_0123456789";

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, FakeSession> _byIdempotencyKey = new();

    public sealed record FakeSession(string Id, string Url, long AmountTotal, string Currency, string ClientReferenceId,
        IReadOnlyDictionary<string, string> Metadata, string SuccessUrl, string CancelUrl);

    private FakeStripe(WebApplication app) => _app = app;

    public string BaseUrl { get; private set; } = "";

    /// <summary>When true, every API call answers 500 like a Stripe outage.</summary>
    public bool Failing { get; set; }

    public ConcurrentBag<FakeSession> Sessions { get; } = [];

    public ConcurrentBag<string> IdempotencyKeys { get; } = [];

    public static async Task<FakeStripe> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeStripe(app);
        app.MapPost("/v1/checkout/sessions", fake.CreateSessionAsync);
        // The hosted payment page a browser is sent to.
        app.MapGet("/pay/{id}", (string id) => Results.Content(
            $"<!doctype html><html lang=\"fr\"><body><h1>Fake Stripe Checkout</h1><p data-session=\"{id}\">Session {id}</p></body></html>", "text/html"));
        await app.StartAsync();
        fake.BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return fake;
    }

    private async Task<IResult> CreateSessionAsync(HttpRequest request)
    {
        if (Failing)
            return Results.Json(new { error = new { type = "api_error", message = "Fake Stripe outage" } }, statusCode: 500);
        if (request.Headers.Authorization != $"Bearer {SecretKey}")
            return Results.Json(new { error = new { type = "invalid_request_error", message = "Invalid API key" } }, statusCode: 401);
        var form = await request.ReadFormAsync();
        var key = request.Headers["Idempotency-Key"].ToString();
        IdempotencyKeys.Add(key);
        var session = _byIdempotencyKey.GetOrAdd(key, _ =>
        {
            var id = "cs_test_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
            var metadata = form.Keys.Where(k => k.StartsWith("metadata[", StringComparison.Ordinal))
                .ToDictionary(k => k["metadata[".Length..^1], k => form[k].ToString());
            var created = new FakeSession(id, $"{BaseUrl}/pay/{id}", long.Parse(form["line_items[0][price_data][unit_amount]"]!),
                form["line_items[0][price_data][currency]"]!, form["client_reference_id"]!, metadata, form["success_url"]!, form["cancel_url"]!);
            Sessions.Add(created);
            return created;
        });
        return Results.Json(SessionJson(session, paid: false));
    }

    private static Dictionary<string, object?> SessionJson(FakeSession s, bool paid) => new()
    {
        ["id"] = s.Id, ["object"] = "checkout.session", ["mode"] = "payment", ["url"] = paid ? null : s.Url,
        ["amount_total"] = s.AmountTotal, ["currency"] = s.Currency, ["client_reference_id"] = s.ClientReferenceId,
        ["metadata"] = s.Metadata, ["payment_status"] = paid ? "paid" : "unpaid", ["status"] = paid ? "complete" : "open",
        ["payment_intent"] = paid ? "pi_" + s.Id[8..] : null,
    };

    /// <summary>
    /// A webhook event about a session, as Stripe would send it; <paramref name="amountTotal"/> and
    /// <paramref name="currency"/> say what was actually charged when it differs from what the session asked.
    /// </summary>
    public static string Event(FakeSession session, string type = "checkout.session.completed", string? eventId = null, bool paid = true,
        long? amountTotal = null, string? currency = null) =>
        JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["id"] = eventId ?? "evt_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12)),
            ["object"] = "event", ["api_version"] = "2026-10-28.endive", ["created"] = 1_795_000_000, ["livemode"] = false,
            ["type"] = type, ["pending_webhooks"] = 1,
            ["data"] = new Dictionary<string, object?>
            {
                ["object"] = SessionJson(session with { AmountTotal = amountTotal ?? session.AmountTotal, Currency = currency ?? session.Currency }, paid),
            },
        });

    /// <summary>The payment intent Stripe names in a paid session's events, and in its charge's refunds and disputes.</summary>
    public static string PaymentIntentOf(FakeSession session) => "pi_" + session.Id[8..];

    /// <summary><c>charge.refunded</c> for the session's charge; <paramref name="refundedCents"/> is Stripe's cumulative total.</summary>
    public static string ChargeRefunded(FakeSession session, long refundedCents, string? eventId = null, string currency = "eur") =>
        EventOf("charge.refunded", eventId, new Dictionary<string, object?>
        {
            ["id"] = "ch_" + session.Id[8..], ["object"] = "charge", ["amount"] = session.AmountTotal, ["amount_refunded"] = refundedCents,
            ["currency"] = currency, ["paid"] = true, ["refunded"] = refundedCents >= session.AmountTotal, ["status"] = "succeeded",
            ["payment_intent"] = PaymentIntentOf(session),
        });

    /// <summary>A <c>charge.dispute.*</c> event (created, funds_reinstated, …) about the session's charge.</summary>
    public static string DisputeEvent(FakeSession session, string type, string disputeId, long amountCents, string status = "needs_response") =>
        EventOf(type, null, new Dictionary<string, object?>
        {
            ["id"] = disputeId, ["object"] = "dispute", ["amount"] = amountCents, ["currency"] = "eur", ["status"] = status,
            ["reason"] = "fraudulent", ["charge"] = "ch_" + session.Id[8..], ["payment_intent"] = PaymentIntentOf(session),
        });

    private static string EventOf(string type, string? eventId, Dictionary<string, object?> data) =>
        JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["id"] = eventId ?? "evt_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12)),
            ["object"] = "event", ["api_version"] = "2026-10-28.endive", ["created"] = 1_795_000_000, ["livemode"] = false,
            ["type"] = type, ["pending_webhooks"] = 1, ["data"] = new Dictionary<string, object?> { ["object"] = data },
        });

    /// <summary>A session this platform never opened (another integration on the same Stripe account, say).</summary>
    public static FakeSession ForeignSession(long amountTotal) => new(
        "cs_test_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12)), "https://checkout.stripe.com/x", amountTotal, "eur",
        Guid.NewGuid().ToString(), new Dictionary<string, string> { ["paymentId"] = Guid.NewGuid().ToString() }, "https://x/ok", "https://x/ko");

    /// <summary>The Stripe-Signature header: t=timestamp,v1=hex(HMAC-SHA256(secret, "timestamp.payload")).</summary>
    public static string Sign(string payload, DateTimeOffset at, string secret = WebhookSecret)
    {
        var t = at.ToUnixTimeSeconds();
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{t}.{payload}"));
        return $"t={t},v1={Convert.ToHexStringLower(mac)}";
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
