using LeadsAssurance.Domain.Audit;
using LeadsAssurance.Domain.Data;
using LeadsAssurance.Domain.Market;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace LeadsAssurance.Domain.Earnings;

/// <summary>A bank transfer booked to a provider; <see cref="AlreadyBooked"/> when its reference was booked before.</summary>
public sealed record PayoutBooked(long Id, Guid ProviderId, decimal Amount, string Reference, bool AlreadyBooked);

/// <summary>
/// The admin's monthly payouts: what each provider is owed for a month (<see cref="EarningsSql.DueAsync"/>), and the
/// bank transfer marked paid, a debit line of the provider's earnings ledger written with its audit entry in one
/// transaction, once per reference.
/// </summary>
public sealed class ProviderPayouts(
    IDbContextFactory<AppDbContext> dbFactory, NpgsqlDataSource dataSource, IOptions<MarketOptions> options, TimeProvider time)
{
    public const int MaxReference = 200;

    public async Task<IReadOnlyList<PayoutDue>> ForMonthAsync(DateOnly month, CancellationToken ct = default)
    {
        month = FirstDay(month);
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await EarningsSql.DueAsync(connection, null, month, Cutoff(month), options.Value.DisputeWindow, ct);
    }

    /// <summary>
    /// Books the transfer of <paramref name="amount"/> (what <see cref="ForMonthAsync"/> showed as due) with its bank
    /// reference. The same reference again returns the first booking and writes nothing; an amount that no longer
    /// matches what is due (a dispute decided meanwhile) is a <see cref="ConflictException"/>.
    /// </summary>
    public async Task<PayoutBooked> MarkPaidAsync(Guid providerId, DateOnly month, decimal amount, string? reference, Guid adminId, CancellationToken ct = default)
    {
        reference = reference?.Trim();
        if (string.IsNullOrEmpty(reference) || reference.Length > MaxReference)
            throw new ValidationFailedException("reference", $"La référence du virement est obligatoire ({MaxReference} caractères au plus).");
        month = FirstDay(month);
        var now = time.GetUtcNow();
        if (month > FirstDay(France.DateOf(now)))
            throw new ValidationFailedException("month", "Ce mois n'a pas encore commencé.");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.Database.ExecuteSqlRawAsync(EarningsSql.LockProvider, [providerId], ct);
        var existing = await db.ProviderEarnings.AsNoTracking()
            .SingleOrDefaultAsync(e => e.ProviderId == providerId && e.Kind == EarningKind.Payout && e.Reference == reference, ct);
        if (existing is not null)
            return new PayoutBooked(existing.Id, providerId, -existing.Amount, reference, AlreadyBooked: true);
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        var due = (await EarningsSql.DueAsync(connection, [providerId], month, Cutoff(month), options.Value.DisputeWindow, ct))
            .SingleOrDefault()?.Due ?? 0m;
        if (due <= 0)
            throw new ConflictException("Rien n'est dû à cet apporteur pour ce mois.");
        if (amount != due)
            throw new ConflictException($"Le montant dû est maintenant de {due.ToString("C", France.Culture)} : vérifiez-le avant de marquer le virement payé.");
        var entry = new ProviderEarning(providerId, -due, reference, month, adminId, now);
        db.ProviderEarnings.Add(entry);
        db.AuditLog.Add(new AuditEntry(adminId, "payout.paid", $"account:{providerId}",
            $"{due:0.00} € pour {month.ToString("MM/yyyy", France.Culture)} (virement {reference})", now));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new PayoutBooked(entry.Id, providerId, due, reference, AlreadyBooked: false);
    }

    /// <summary>Earnings released by the end of the month count, or by now while the month runs.</summary>
    private DateTimeOffset Cutoff(DateOnly month)
    {
        var end = France.DayStart(month.AddMonths(1));
        var now = time.GetUtcNow();
        return end < now ? end : now;
    }

    internal static DateOnly FirstDay(DateOnly day) => new(day.Year, day.Month, 1);
}
