using LeadsAssurance.Domain.Accounts;
using LeadsAssurance.Domain.Data;
using LeadsAssurance.Domain.Email;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LeadsAssurance.Domain.Flows;

/// <summary>When the previous Paris day's flow summaries go out: from <see cref="DigestHour"/> (Paris time) on.</summary>
public sealed class FlowDigestOptions
{
    public int DigestHour { get; set; } = 7;
}

/// <summary>
/// The daily summary of a broker's flows (leads and euros per flow, failed CRM deliveries, balance), for brokers who
/// chose <see cref="FlowNotifications.DailyDigest"/>: sent once per broker and Paris day, the morning after. Each
/// broker's day is claimed by a row of <c>flow_digests</c> in the transaction that queues its e-mail, so a job run
/// again, or on two nodes, never sends a summary twice; a day without purchases is claimed and sends nothing.
/// </summary>
public sealed class FlowDigests(IDbContextFactory<AppDbContext> dbFactory, EmailOutbox outbox, EmailTemplates templates, IOptions<FlowDigestOptions> options, TimeProvider time)
{
    /// <summary>Sends the summaries due now; returns how many e-mails were queued.</summary>
    public async Task<int> SendDueAsync(CancellationToken ct = default)
    {
        var now = time.GetUtcNow();
        var paris = France.ToParis(now);
        if (paris.Hour < options.Value.DigestHour)
            return 0;
        var day = France.DateOf(now).AddDays(-1);
        var (from, to) = (France.DayStart(day), France.DayStart(day.AddDays(1)));

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var claimed = await db.Database.SqlQuery<Guid>($"""
            insert into flow_digests (broker_id, day, sent_at)
            select u.id, {day}, {now} from "AspNetUsers" u
             where u.role = {nameof(AccountRole.Broker)} and u.status = {nameof(AccountStatus.Active)} and u.flow_notifications = {nameof(FlowNotifications.DailyDigest)}
            on conflict do nothing
            returning broker_id as "Value"
            """).ToListAsync(ct);
        if (claimed.Count == 0)
            return 0;
        var perFlow = await db.FlowDeliveries.AsNoTracking()
            .Where(d => claimed.Contains(d.BrokerId) && d.CreatedAt >= from && d.CreatedAt < to)
            .GroupBy(d => new { d.BrokerId, d.FlowId }).Select(g => new { g.Key.BrokerId, g.Key.FlowId, Leads = g.Count(), Spend = g.Sum(d => d.Price) })
            .ToListAsync(ct);
        var flowIds = perFlow.Select(f => f.FlowId).Distinct().ToList();
        var names = await db.Flows.AsNoTracking().Where(f => flowIds.Contains(f.Id)).ToDictionaryAsync(f => f.Id, f => f.Name, ct);
        var failed = await db.FlowDeliveries.AsNoTracking().Where(d => claimed.Contains(d.BrokerId) && d.Status == FlowDeliveryStatus.Failed)
            .GroupBy(d => d.BrokerId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        var brokers = await db.Users.AsNoTracking().Where(u => claimed.Contains(u.Id)).Select(u => new { u.Id, u.Email, u.CompanyName }).ToListAsync(ct);
        var balances = await db.CreditLedger.AsNoTracking().Where(e => claimed.Contains(e.AccountId))
            .GroupBy(e => e.AccountId).Select(g => new { g.Key, Balance = g.OrderByDescending(e => e.Id).Select(e => e.BalanceAfter).First() })
            .ToDictionaryAsync(g => g.Key, g => g.Balance, ct);
        var sent = 0;
        foreach (var broker in brokers)
        {
            var flows = perFlow.Where(f => f.BrokerId == broker.Id).OrderByDescending(f => f.Leads)
                .Select(f => (names.GetValueOrDefault(f.FlowId, "Flux"), f.Leads, f.Spend)).ToList();
            if (flows.Count == 0 || broker.Email is null)
                continue; // nothing bought that day: no e-mail, the day is claimed all the same
            outbox.Enqueue(db, broker.Email, templates.FlowDailyDigest(broker.CompanyName, day, flows, failed.GetValueOrDefault(broker.Id), balances.GetValueOrDefault(broker.Id)));
            sent++;
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return sent;
    }
}
