using System.Text.Json;
using LeadsAssurance.Domain.Catalog;
using LeadsAssurance.Domain.Data;
using LeadsAssurance.Domain.Market;
using Microsoft.EntityFrameworkCore;

namespace LeadsAssurance.Domain.Flows;

/// <summary>
/// A broker's flows: create, edit, pause, resume, delete (soft), rotate the webhook secret, and read them with their
/// usage, deliveries and daily counts. Every method takes the broker's id and answers "not found" for another
/// broker's flow, so no one learns that it exists. Buying is <see cref="FlowRouter"/>'s job, at ingestion. The admin's
/// supervision of every broker's flows is in FlowService.Supervision.cs.
/// </summary>
public sealed partial class FlowService(
    IDbContextFactory<AppDbContext> dbFactory, CatalogService catalog, FlowSecrets secrets, Webhooks.WebhookTargetGuard webhookTargets, MarketEventBus events,
    Providers.ProviderScores providerScores, TimeProvider time)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The broker's flows (deleted ones left out), highest priority first.</summary>
    public async Task<IReadOnlyList<FlowSummary>> ListAsync(Guid brokerId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var flows = await db.Flows.AsNoTracking().Where(f => f.BrokerId == brokerId && f.Status != FlowStatus.Deleted)
            .OrderByDescending(f => f.Priority).ThenBy(f => f.CreatedAt).ToListAsync(ct);
        return [.. flows.Select(Summarise)];
    }

    public async Task<FlowSummary> GetAsync(Guid brokerId, Guid flowId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return Summarise(await FindAsync(db, brokerId, flowId, ct));
    }

    /// <summary>Creates an active flow; with a webhook URL, its signing secret is generated and returned this once.</summary>
    public async Task<FlowWithSecret> CreateAsync(Guid brokerId, FlowRequest request, CancellationToken ct = default)
    {
        var definition = await ValidateAsync(request, ct);
        var now = time.GetUtcNow();
        var secret = definition.WebhookUrl is null ? default : secrets.Generate();
        var flow = new Flow(Guid.CreateVersion7(now), brokerId, definition, secret.Protected, now);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.Flows.Add(flow);
        db.AuditLog.Add(new Audit.AuditEntry(brokerId, "flow.create", $"flow:{flow.Id}", definition.Name, now));
        await db.SaveChangesAsync(ct);
        return new FlowWithSecret(Summarise(flow), secret.Plain);
    }

    /// <summary>
    /// Replaces a flow's settings; its counters, status and secret stay. A flow given a webhook URL for the first time
    /// gets a secret, returned this once.
    /// </summary>
    public async Task<FlowWithSecret> UpdateAsync(Guid brokerId, Guid flowId, FlowRequest request, CancellationToken ct = default)
    {
        var now = time.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // Found before the body is judged: another broker's flow is not found, whatever was sent.
        var flow = await FindAsync(db, brokerId, flowId, ct, tracked: true);
        var definition = await ValidateAsync(request, ct);
        var secret = definition.WebhookUrl is not null && flow.WebhookSecret is null ? secrets.Generate() : default;
        flow.Redefine(definition, secret.Protected, now);
        db.AuditLog.Add(new Audit.AuditEntry(brokerId, "flow.update", $"flow:{flow.Id}", definition.Name, now));
        await db.SaveChangesAsync(ct);
        return new FlowWithSecret(Summarise(flow), secret.Plain);
    }

    public Task<FlowSummary> PauseAsync(Guid brokerId, Guid flowId, CancellationToken ct = default) =>
        ChangeAsync(brokerId, flowId, "flow.pause", (f, now) => f.Pause(now), ct);

    public Task<FlowSummary> ResumeAsync(Guid brokerId, Guid flowId, CancellationToken ct = default) =>
        ChangeAsync(brokerId, flowId, "flow.resume", (f, now) => f.Resume(now), ct);

    /// <summary>Hides the flow and stops it; its purchases and deliveries keep pointing at it.</summary>
    public Task DeleteAsync(Guid brokerId, Guid flowId, CancellationToken ct = default) =>
        ChangeAsync(brokerId, flowId, "flow.delete", (f, now) => f.Delete(now), ct);

    /// <summary>A new webhook secret, returned this once; the old one stops signing at once.</summary>
    public async Task<string> RotateSecretAsync(Guid brokerId, Guid flowId, CancellationToken ct = default)
    {
        var (plain, stored) = secrets.Generate();
        await ChangeAsync(brokerId, flowId, "flow.rotate-secret", (f, now) => f.RotateSecret(stored, now), ct);
        return plain;
    }

    /// <summary>The e-mails the broker wants about what his flows buy.</summary>
    public async Task<FlowNotifications> NotificationsAsync(Guid brokerId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Users.AsNoTracking().Where(u => u.Id == brokerId).Select(u => u.FlowNotifications).SingleAsync(ct);
    }

    public async Task SetNotificationsAsync(Guid brokerId, FlowNotifications notifications, CancellationToken ct = default)
    {
        if (!Enum.IsDefined(notifications))
            throw new ValidationFailedException("notifications", "Choix de notification inconnu.");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var updated = await db.Users.Where(u => u.Id == brokerId)
            .ExecuteUpdateAsync(u => u.SetProperty(x => x.FlowNotifications, notifications), ct);
        if (updated == 0)
            throw new NotFoundException("Compte introuvable.");
        db.AuditLog.Add(new Audit.AuditEntry(brokerId, "flow.notifications", $"account:{brokerId}", notifications.ToString(), time.GetUtcNow()));
        await db.SaveChangesAsync(ct);
    }

    /// <summary>A flow's deliveries, newest first, with their webhook calls.</summary>
    public async Task<IReadOnlyList<FlowDeliveryView>> DeliveriesAsync(Guid brokerId, Guid flowId, int limit = 200, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await FindAsync(db, brokerId, flowId, ct);
        return await db.FlowDeliveries.AsNoTracking().Where(d => d.FlowId == flowId)
            .OrderByDescending(d => d.CreatedAt).ThenByDescending(d => d.Id).Take(Math.Clamp(limit, 1, 1000))
            .Join(db.Leads, d => d.LeadId, l => l.Id, (d, l) => new { d, l.ProductCode, l.FirstName, l.LastName, l.ZipCode, l.City })
            .OrderByDescending(x => x.d.CreatedAt).ThenByDescending(x => x.d.Id)
            .Select(x => new FlowDeliveryView(x.d.Id, x.d.FlowId, x.d.LeadId, x.d.PurchaseId, x.d.Price, x.d.CreatedAt, x.d.Status, x.d.Attempts,
                x.d.NextAttemptAt, x.d.DeliveredAt, x.d.LastError,
                x.d.AttemptLog.OrderBy(a => a.AttemptedAt).Select(a => new FlowDeliveryAttemptView(a.AttemptedAt, a.StatusCode, a.DurationMs, a.Error, a.ResponseExcerpt)).ToList(),
                x.ProductCode, x.FirstName + " " + x.LastName, x.ZipCode + " " + x.City))
            .ToListAsync(ct);
    }

    /// <summary>Queues a failed delivery again, due now (the webhook sender picks it up).</summary>
    public async Task ResendAsync(Guid brokerId, Guid deliveryId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var delivery = await db.FlowDeliveries.SingleOrDefaultAsync(d => d.Id == deliveryId && d.BrokerId == brokerId, ct)
            ?? throw new NotFoundException("Livraison introuvable.");
        var now = time.GetUtcNow();
        delivery.Resend(now);
        await db.SaveChangesAsync(ct);
        events.Publish(new FlowDeliveryUpdated(delivery.FlowId, brokerId, delivery.Id, delivery.Status, now));
    }

    /// <summary>Leads bought per Paris day over the last <paramref name="days"/> days, today included, zeros too (the sparkline).</summary>
    public async Task<IReadOnlyList<FlowDailyCount>> DailyCountsAsync(Guid brokerId, Guid flowId, int days = 30, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await FindAsync(db, brokerId, flowId, ct);
        var counts = await DailyCountsAsync(db, brokerId, [flowId], days, ct);
        return counts[flowId];
    }

    /// <summary>
    /// The broker's flows page in three queries: each flow with its usage, its last 30 days' counts and how many of its
    /// webhook deliveries failed for good (waiting for a resend).
    /// </summary>
    public async Task<IReadOnlyList<FlowBoardItem>> BoardAsync(Guid brokerId, CancellationToken ct = default)
    {
        var flows = await ListAsync(brokerId, ct);
        if (flows.Count == 0)
            return [];
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var ids = flows.Select(f => f.Id).ToArray();
        var daily = await DailyCountsAsync(db, brokerId, ids, 30, ct);
        var failed = await db.FlowDeliveries.AsNoTracking()
            .Where(d => d.BrokerId == brokerId && ids.Contains(d.FlowId) && d.Status == FlowDeliveryStatus.Failed)
            .GroupBy(d => d.FlowId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        return [.. flows.Select(f => new FlowBoardItem(f, daily[f.Id], failed.GetValueOrDefault(f.Id)))];
    }

    private async Task<Dictionary<Guid, IReadOnlyList<FlowDailyCount>>> DailyCountsAsync(AppDbContext db, Guid brokerId, Guid[] flowIds, int days, CancellationToken ct)
    {
        var today = FlowCalendar.At(time.GetUtcNow()).Day;
        var first = today.AddDays(1 - days);
        var since = France.DayStart(first);
        var rows = await db.Database.SqlQuery<DayRow>($"""
            select flow_id, (created_at at time zone 'Europe/Paris')::date as day, count(*)::int as count
              from flow_deliveries where broker_id = {brokerId} and flow_id = any({flowIds}) and created_at >= {since} group by 1, 2
            """).ToListAsync(ct);
        var counts = rows.ToDictionary(r => (r.FlowId, r.Day), r => r.Count);
        return flowIds.ToDictionary(id => id, id => (IReadOnlyList<FlowDailyCount>)[.. Enumerable.Range(0, days).Select(i => first.AddDays(i))
            .Select(d => new FlowDailyCount(d, counts.GetValueOrDefault((id, d))))]);
    }

    private sealed record DayRow(Guid FlowId, DateOnly Day, int Count);

    /// <summary>
    /// How many leads of the last 30 days the criteria would have matched, per day ("≈ N leads / jour"): criteria only,
    /// not caps, schedule or other brokers' flows. Throws <see cref="ValidationFailedException"/> for invalid criteria.
    /// </summary>
    public async Task<FlowEstimate> EstimateAsync(FlowRequest request, CancellationToken ct = default)
    {
        var d = await ValidateAsync(request with { Name = string.IsNullOrWhiteSpace(request.Name) ? "estimation" : request.Name }, ct, checkWebhookTarget: false);
        const int days = 30;
        var since = time.GetUtcNow().AddDays(-days);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        string[] products = [.. d.ProductCodes], departements = [.. d.Departements];
        // The score criterion as the market's filter reads it: the providers below it left out (or only those above, when a new provider's is below).
        var scoreFilter = d.MinProviderScore is { } minScore ? await providerScores.AtLeastAsync(minScore, ct) : null;
        bool? excludeProviders = scoreFilter?.Exclude;
        var scoreProviders = scoreFilter?.Providers ?? [];
        // The flow's attribute filters applied in SQL to the stored jsonb, as FlowCandidate applies them in memory: a
        // value in the "in" list (jsonb equality: 1 = 1.0), a number within min and max; a missing attribute fails.
        var count = await db.Database.SqlQuery<int>($"""
            select count(*)::int as "Value" from leads l
             where l.created_at >= {since} and l.product_code = any({products})
               and (cardinality({departements}::text[]) = 0 or l.departement = any({departements}))
               and ({d.MaxPrice}::numeric is null or l.price <= {d.MaxPrice}::numeric)
               and ({d.Exclusive}::boolean is null or (l.max_buyers = 1) = {d.Exclusive}::boolean)
               and ({d.MaxConsentAgeHours}::int is null or l.consent_captured_at >= l.created_at - make_interval(hours => {d.MaxConsentAgeHours}::int))
               and ({excludeProviders}::boolean is null or (l.provider_id = any({scoreProviders})) <> {excludeProviders}::boolean)
               and not exists (
                   select 1 from jsonb_each({d.AttributeFiltersJson}::jsonb) c(field, cond)
                    where not ((not jsonb_exists(c.cond, 'in') or (c.cond -> 'in') @> jsonb_build_array(l.attributes -> c.field))
                      and (not jsonb_exists(c.cond, 'min') or case when jsonb_typeof(l.attributes -> c.field) = 'number'
                           then (l.attributes ->> c.field)::numeric >= (c.cond ->> 'min')::numeric else false end)
                      and (not jsonb_exists(c.cond, 'max') or case when jsonb_typeof(l.attributes -> c.field) = 'number'
                           then (l.attributes ->> c.field)::numeric <= (c.cond ->> 'max')::numeric else false end)))
            """).SingleAsync(ct);
        return new FlowEstimate(count, days);
    }

    private async Task<FlowDefinition> ValidateAsync(FlowRequest request, CancellationToken ct, bool checkWebhookTarget = true)
    {
        var (definition, errors) = FlowValidator.Validate(request, await catalog.ListAsync(ct: ct));
        if (definition is null)
            throw new ValidationFailedException(errors);
        // Where the URL leads (internal addresses are refused in Production): the sender checks again at each call.
        if (checkWebhookTarget && definition.WebhookUrl is { } url && await webhookTargets.CheckAsync(url, ct) is { } refused)
            throw new ValidationFailedException("webhookUrl", refused);
        return definition;
    }

    private async Task<FlowSummary> ChangeAsync(Guid brokerId, Guid flowId, string action, Action<Flow, DateTimeOffset> change, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var flow = await FindAsync(db, brokerId, flowId, ct, tracked: true);
        change(flow, now);
        db.AuditLog.Add(new Audit.AuditEntry(brokerId, action, $"flow:{flow.Id}", flow.Name, now));
        await db.SaveChangesAsync(ct);
        events.Publish(new FlowStatusChanged(flow.Id, brokerId, flow.Status, flow.PauseReason, now));
        return Summarise(flow);
    }

    private static async Task<Flow> FindAsync(AppDbContext db, Guid brokerId, Guid flowId, CancellationToken ct, bool tracked = false)
    {
        var flows = tracked ? db.Flows : db.Flows.AsNoTracking();
        return await flows.SingleOrDefaultAsync(f => f.Id == flowId && f.BrokerId == brokerId && f.Status != FlowStatus.Deleted, ct)
            ?? throw new NotFoundException("Flux introuvable.");
    }

    private FlowSummary Summarise(Flow f)
    {
        var calendar = FlowCalendar.At(time.GetUtcNow());
        var usage = new FlowUsage(
            f.DayKey == calendar.Day ? f.DayCount : 0,
            f.WeekKey == calendar.Week ? f.WeekCount : 0,
            f.MonthKey == calendar.Month ? f.MonthCount : 0,
            f.MonthKey == calendar.Month ? f.MonthSpend : 0m,
            f.LastDeliveryAt);
        var schedule = f.ScheduleDays is null ? null : new FlowSchedule(f.ScheduleDays, f.ScheduleFrom?.ToString("HH:mm"), f.ScheduleTo?.ToString("HH:mm"));
        return new FlowSummary(f.Id, f.BrokerId, f.Name, f.Status, f.PauseReason, f.PausedAt, f.ProductCodes, f.Departements, f.MaxPrice,
            f.Exclusive, f.MaxConsentAgeHours, JsonSerializer.Deserialize<Dictionary<string, FlowAttributeFilter>>(f.AttributeFilters, Json) ?? [],
            new FlowCaps(f.DailyCap, f.WeeklyCap, f.MonthlyCap, f.MonthlySpendCap), schedule, f.Priority, f.WebhookUrl, f.AutoResume,
            f.CreatedAt, f.UpdatedAt, usage, f.MinProviderScore, f.NamedPartnerOnly);
    }
}
