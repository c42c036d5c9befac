using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using LeadsAssurance.Domain.Data;
using LeadsAssurance.Domain.Diagnostics;
using LeadsAssurance.Domain.Email;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace LeadsAssurance.Domain.Flows.Webhooks;

/// <summary>
/// Sends flow deliveries to brokers' CRMs. The queue is the <c>flow_deliveries</c> table itself, so nothing is lost
/// when a node stops: each node claims due rows with <c>FOR UPDATE SKIP LOCKED</c> and leases them (their next attempt
/// is pushed past the call's timeout), calls without holding a connection, then records the attempt. Two nodes never
/// send the same delivery at once; a node that dies mid-call leaves a lease that expires, and another node calls again
/// with the same delivery id, which receivers deduplicate on. Woken at once by a new delivery (<see cref="Wake"/>),
/// and every <see cref="FlowWebhookOptions.WebhookPollInterval"/> for retries falling due.
/// </summary>
public sealed class FlowWebhookSender(
    NpgsqlDataSource dataSource,
    IDbContextFactory<AppDbContext> dbFactory,
    IHttpClientFactory httpClients,
    FlowSecrets secrets,
    PublicLinks links,
    EmailOutbox emails,
    EmailTemplates templates,
    Market.MarketNotifier notifier,
    Market.MarketEventBus events,
    IOptions<FlowWebhookOptions> options,
    TimeProvider time,
    ILogger<FlowWebhookSender> logger) : BackgroundService
{
    public const string HttpClientName = "flow-webhooks";

    private readonly SemaphoreSlim _wake = new(0, 1);

    private FlowWebhookOptions Options => options.Value;

    /// <summary>Something is due now (a delivery was just committed, or resent): send without waiting for the next poll.</summary>
    public void Wake()
    {
        try
        {
            if (_wake.CurrentCount == 0)
                _wake.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already awake.
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // A delivery committed, or a failed one queued again, on any node wakes every node's sender; SKIP LOCKED lets
        // one of them take it.
        using var subscription = notifier.Subscribe(e =>
        {
            if (e is FlowDelivered or FlowDeliveryUpdated { Status: FlowDeliveryStatus.Pending })
                Wake();
            return Task.CompletedTask;
        });
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await SendDueAsync(stoppingToken) > 0)
                {
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (DatabaseFaults.IsUnavailable(e) || DatabaseFaults.IsPoolExhausted(e))
            {
                logger.LogWarning("Flow webhooks wait for the database: {Reason}", e.Message);
            }
            catch (Exception e)
            {
                logger.LogError(e, "The flow webhook sender failed; it goes on at its next round");
            }
            try
            {
                using var poll = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                var delay = Task.Delay(Options.WebhookPollInterval, time, poll.Token);
                await Task.WhenAny(delay, _wake.WaitAsync(poll.Token));
                await poll.CancelAsync();
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    /// <summary>Claims up to one round of due deliveries, calls them in parallel, records each; returns how many.</summary>
    public async Task<int> SendDueAsync(CancellationToken ct = default)
    {
        var claimed = await ClaimAsync(ct);
        if (claimed.Count == 0)
            return 0;
        await Task.WhenAll(claimed.Select(id => SendOneAsync(id, ct)));
        return claimed.Count;
    }

    private async Task<List<Guid>> ClaimAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        // The lease outlasts the call (its timeout plus a margin for recording it).
        var lease = now + Options.WebhookTimeout + TimeSpan.FromSeconds(30);
        await using var command = dataSource.CreateCommand("""
            with due as (
                select id from flow_deliveries
                where status = 'Pending' and next_attempt_at <= $1
                order by next_attempt_at
                limit $2
                for update skip locked)
            update flow_deliveries d set next_attempt_at = $3
            from due where d.id = due.id
            returning d.id
            """);
        command.Parameters.Add(new() { Value = now });
        command.Parameters.Add(new() { Value = Math.Max(1, Options.WebhookParallelism) });
        command.Parameters.Add(new() { Value = lease });
        var ids = new List<Guid>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            ids.Add(reader.GetGuid(0));
        return ids;
    }

    private sealed record Target(string Url, string ProtectedSecret, FlowWebhookPayload Payload);

    private async Task SendOneAsync(Guid deliveryId, CancellationToken ct)
    {
        Target? target;
        try
        {
            target = await LoadAsync(deliveryId, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException && !DatabaseFaults.IsUnavailable(e))
        {
            logger.LogError(e, "Flow delivery {Delivery} could not be prepared", deliveryId);
            await RecordAsync(deliveryId, null, 0, "Erreur interne à la préparation de l'envoi.", null, ct);
            return;
        }
        if (target is null)
        {
            await RecordAsync(deliveryId, null, 0, "Le flux n'a plus de webhook.", null, ct, noMoreWebhook: true);
            return;
        }

        var body = target.Payload.ToUtf8Json();
        var at = time.GetUtcNow();
        var started = Stopwatch.GetTimestamp();
        int? status = null;
        string? error = null;
        string? excerpt = null;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(Options.WebhookTimeout);
            using var request = new HttpRequestMessage(HttpMethod.Post, target.Url) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
            request.Headers.TryAddWithoutValidation(WebhookSignature.Header,
                WebhookSignature.Create(secrets.Unprotect(target.ProtectedSecret), at.ToUnixTimeSeconds(), body));
            request.Headers.UserAgent.ParseAdd("LeadsAssurance-Webhooks/1.0");
            using var response = await httpClients.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            status = (int)response.StatusCode;
            excerpt = await ReadExcerptAsync(response, timeout.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            error = $"Pas de réponse en {Options.WebhookTimeout.TotalSeconds:0} s.";
        }
        catch (HttpRequestException e)
        {
            error = e.Message.Length == 0 ? "Connexion impossible." : e.Message;
        }
        var duration = (int)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        AppMetrics.FlowWebhookCalled(status is >= 200 and < 300 ? "delivered" : status is null ? "no_answer" : "refused", duration);
        await RecordAsync(deliveryId, status, duration, error, excerpt, CancellationToken.None);
    }

    private async Task<Target?> LoadAsync(Guid deliveryId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await (
            from d in db.FlowDeliveries.AsNoTracking()
            where d.Id == deliveryId
            join f in db.Flows on d.FlowId equals f.Id
            join l in db.Leads on d.LeadId equals l.Id
            join c in db.ConsentRecords on l.Id equals c.LeadId
            select new
            {
                d.Id, d.CreatedAt, d.PurchaseId, d.FlowId, d.Price, f.WebhookUrl, f.WebhookSecret,
                Lead = new { l.Id, l.ProductCode, l.FirstName, l.LastName, l.Phone, l.Email, l.ZipCode, l.City, l.Departement, l.Attributes, l.CreatedAt },
                c.ProofHash, c.CapturedAt,
            }).SingleOrDefaultAsync(ct);
        if (row is null || row.WebhookUrl is null || row.WebhookSecret is null)
            return null;
        using var attributes = JsonDocument.Parse(row.Lead.Attributes);
        var lead = new FlowWebhookLead(row.Lead.Id, row.Lead.ProductCode, row.Lead.FirstName, row.Lead.LastName, row.Lead.Phone, row.Lead.Email,
            row.Lead.ZipCode, row.Lead.City, row.Lead.Departement, attributes.RootElement.Clone(), row.Lead.CreatedAt, row.ProofHash, row.CapturedAt,
            links.To(PublicLinks.CertificatePath(row.Lead.Id)));
        return new Target(row.WebhookUrl, row.WebhookSecret,
            new FlowWebhookPayload(row.Id, FlowWebhookPayload.LeadPurchased, row.CreatedAt, new FlowWebhookData(row.PurchaseId, row.FlowId, row.Price, lead)));
    }

    /// <summary>The first 2 KB of the answer, for the broker's diagnosis; the rest is not read.</summary>
    private static async Task<string?> ReadExcerptAsync(HttpResponseMessage response, CancellationToken ct)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(ct);
        var buffer = new byte[FlowDeliveryAttempt.MaxResponseExcerpt];
        var read = 0;
        int n;
        while (read < buffer.Length && (n = await stream.ReadAsync(buffer.AsMemory(read), ct)) > 0)
            read += n;
        if (read == 0)
            return null;
        var text = Encoding.UTF8.GetString(buffer, 0, read);
        // A multi-byte character cut at the 2 KB boundary decodes as U+FFFD: drop it.
        return text.TrimEnd('\uFFFD');
    }

    private async Task RecordAsync(Guid deliveryId, int? status, int durationMs, string? error, string? excerpt, CancellationToken ct, bool noMoreWebhook = false)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var delivery = await db.FlowDeliveries
            .FromSqlInterpolated($"select * from flow_deliveries where id = {deliveryId} for update")
            .SingleOrDefaultAsync(ct);
        if (delivery is null || delivery.Status != FlowDeliveryStatus.Pending)
            return;
        var now = time.GetUtcNow();
        var delays = Options.RetryDelays;
        // Attempt n (1-based) failed: wait delays[n - 1]; after the last delay's attempt, the delivery fails.
        DateTimeOffset? retryAt = !noMoreWebhook && delivery.Attempts < delays.Count ? now + delays[delivery.Attempts] : null;
        delivery.RecordAttempt(now, status, durationMs, error, excerpt, retryAt);
        if (delivery.Status == FlowDeliveryStatus.Failed)
        {
            var broker = await db.Users.AsNoTracking().Where(u => u.Id == delivery.BrokerId).Select(u => new { u.Email, u.CompanyName }).SingleAsync(ct);
            var flowName = await db.Flows.AsNoTracking().Where(f => f.Id == delivery.FlowId).Select(f => f.Name).SingleAsync(ct);
            if (broker.Email is not null)
                emails.Enqueue(db, broker.Email, templates.FlowWebhookFailed(broker.CompanyName, flowName, delivery.Attempts, delivery.LastError ?? ""));
            logger.LogWarning("Flow delivery {Delivery} failed for good after {Attempts} attempts", delivery.Id, delivery.Attempts);
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        events.Publish(new FlowDeliveryUpdated(delivery.FlowId, delivery.BrokerId, delivery.Id, delivery.Status, now));
    }
}
