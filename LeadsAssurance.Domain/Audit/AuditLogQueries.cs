using LeadsAssurance.Domain.Data;
using Microsoft.EntityFrameworkCore;

namespace LeadsAssurance.Domain.Audit;

public sealed record AuditItem(long Id, DateTimeOffset At, string Action, string Subject, string? Details, string? ActorEmail);

public sealed record AuditPage(IReadOnlyList<AuditItem> Items, int PageCount);

/// <summary>Reads the audit log, newest first.</summary>
public sealed class AuditLogQueries(IDbContextFactory<AppDbContext> dbFactory)
{
    public async Task<AuditPage> GetPageAsync(int page, int pageSize, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var total = await db.AuditLog.CountAsync(ct);
        var items = await db.AuditLog.OrderByDescending(a => a.Id)
            .Skip((Math.Max(page, 1) - 1) * pageSize).Take(pageSize)
            .Select(a => new AuditItem(a.Id, a.At, a.Action, a.Subject, a.Details,
                db.Users.Where(u => u.Id == a.ActorId).Select(u => u.Email).FirstOrDefault()))
            .ToListAsync(ct);
        return new AuditPage(items, Math.Max(1, (total + pageSize - 1) / pageSize));
    }
}
