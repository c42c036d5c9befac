using LeadsAssurance.Domain.Accounts;
using LeadsAssurance.Domain.Data;
using Microsoft.EntityFrameworkCore;

namespace LeadsAssurance.Domain.Flows;

/// <summary>
/// The admin's side of flows: every broker's flows with their usage against their caps, the deliveries whose webhook
/// failed for good, and the suspension of a flow (audited, announced to the broker's screens like any pause).
/// </summary>
public sealed partial class FlowService
{
    private const int MaxFailedWebhooksListed = 200;

    /// <summary>
    /// Every broker's flows (deleted ones left out), brokers by company name, then highest priority first. Optionally
    /// only flows of one <paramref name="status"/>, or of brokers whose company or e-mail contains <paramref name="brokerSearch"/>.
    /// </summary>
    public async Task<IReadOnlyList<SupervisedFlow>> ListAllAsync(FlowStatus? status = null, string? brokerSearch = null, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await (
            from f in db.Flows.AsNoTracking()
            join u in Brokers(db, brokerSearch) on f.BrokerId equals u.Id
            where f.Status != FlowStatus.Deleted && (status == null || f.Status == status)
            orderby u.CompanyName, f.Priority descending, f.CreatedAt
            select new { Flow = f, u.CompanyName, u.Email, Failed = db.FlowDeliveries.Count(d => d.FlowId == f.Id && d.Status == FlowDeliveryStatus.Failed) })
            .ToListAsync(ct);
        return [.. rows.Select(r => new SupervisedFlow(Summarise(r.Flow), r.CompanyName, r.Email, r.Flow.PauseCause, r.Failed))];
    }

    /// <summary>
    /// The deliveries whose webhook failed after every retry and were not resent: how many in all, and the latest (by
    /// their last call), optionally only those of brokers matching <paramref name="brokerSearch"/>.
    /// </summary>
    public async Task<FailedWebhooks> FailedWebhooksAsync(string? brokerSearch = null, int limit = 100, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var failed =
            from d in db.FlowDeliveries.AsNoTracking().Where(d => d.Status == FlowDeliveryStatus.Failed)
            join f in db.Flows on d.FlowId equals f.Id
            join u in Brokers(db, brokerSearch) on d.BrokerId equals u.Id
            select new { d, f.Name, u.CompanyName };
        var total = await failed.CountAsync(ct);
        var latest = await failed
            .Select(x => new { x.d, x.Name, x.CompanyName, LastAttemptAt = x.d.AttemptLog.Max(a => (DateTimeOffset?)a.AttemptedAt) })
            .OrderByDescending(x => x.LastAttemptAt).ThenByDescending(x => x.d.Id)
            .Take(Math.Clamp(limit, 1, MaxFailedWebhooksListed)).ToListAsync(ct);
        return new FailedWebhooks(total, [.. latest.Select(x => new FailedWebhook(x.d.Id, x.d.FlowId, x.Name, x.d.BrokerId, x.CompanyName,
            x.d.LeadId, x.d.Attempts, x.d.LastError, x.d.CreatedAt, x.LastAttemptAt))]);
    }

    /// <summary>The admin stops a broker's flow with a reason; only he can reinstate it.</summary>
    public Task<FlowSummary> SuspendAsync(Guid adminId, Guid flowId, string reason, CancellationToken ct = default) =>
        SuperviseAsync(adminId, flowId, "flow.admin-suspend", (f, now) => f.Suspend(reason, now), reason, ct);

    /// <summary>The admin lifts his suspension of a flow, with an optional comment for the audit log: it buys again.</summary>
    public Task<FlowSummary> ReinstateAsync(Guid adminId, Guid flowId, string? comment = null, CancellationToken ct = default) =>
        SuperviseAsync(adminId, flowId, "flow.admin-reinstate", (f, now) => f.Reinstate(now), comment, ct);

    private async Task<FlowSummary> SuperviseAsync(Guid adminId, Guid flowId, string action, Action<Flow, DateTimeOffset> change, string? details, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var flow = await db.Flows.SingleOrDefaultAsync(f => f.Id == flowId && f.Status != FlowStatus.Deleted, ct)
            ?? throw new NotFoundException("Flux introuvable.");
        change(flow, now);
        db.AuditLog.Add(new Audit.AuditEntry(adminId, action, $"flow:{flow.Id}", string.IsNullOrWhiteSpace(details) ? flow.Name : $"{flow.Name} · {details.Trim()}", now));
        await db.SaveChangesAsync(ct);
        events.Publish(new FlowStatusChanged(flow.Id, flow.BrokerId, flow.Status, flow.PauseReason, now));
        return Summarise(flow);
    }

    private static IQueryable<ApplicationUser> Brokers(AppDbContext db, string? search)
    {
        var brokers = db.Users.AsNoTracking().Where(u => u.Role == AccountRole.Broker);
        if (string.IsNullOrWhiteSpace(search))
            return brokers;
        // The admin's words are matched as typed: "_" or "%" in a company name are not wildcards.
        var pattern = "%" + search.Trim().Replace(@"\", @"\\").Replace("%", @"\%").Replace("_", @"\_") + "%";
        return brokers.Where(u => EF.Functions.ILike(u.CompanyName, pattern) || EF.Functions.ILike(u.Email!, pattern));
    }
}
