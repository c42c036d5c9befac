using LeadsAssurance.Domain.Data;
using Microsoft.EntityFrameworkCore;

namespace LeadsAssurance.Domain.Calling;

/// <summary>A recorded call, with what the rules say about it.</summary>
public sealed record CallAttemptView(Guid Id, DateTimeOffset At, CallOutcome Outcome, string OutcomeLabel, string? Note, bool WithinCallingHours,
    DateTimeOffset RecordedAt);

/// <summary>
/// Where a bought lead stands against the calling rules at <see cref="Now"/>: until when its consent allows a call, whether
/// now is a legal time (else the next one), and the attempts of the last 30 days against the limit of four.
/// </summary>
public sealed record CallingStatus(Guid LeadId, DateTimeOffset ConsentCapturedAt, DateTimeOffset CallWindowEnd, bool WindowOpen,
    bool CallingTimeNow, DateTimeOffset NextCallingTime, int AttemptsIn30Days, IReadOnlyList<CallAttemptView> Attempts, DateTimeOffset Now)
{
    public bool LimitReached => AttemptsIn30Days >= CallingRules.MaxAttempts;

    /// <summary>What the broker should know before dialling, in French; empty when nothing stands in the way.</summary>
    public IReadOnlyList<string> Warnings =>
    [
        .. WindowOpen ? [] : new[] { $"Le délai d'appel de 30 jours après le consentement est dépassé depuis le {France.ToParis(CallWindowEnd):dd/MM/yyyy à HH:mm}." },
        .. LimitReached ? new[] { $"{AttemptsIn30Days} tentatives sur les 30 derniers jours : la limite de {CallingRules.MaxAttempts} est atteinte." } : [],
        .. CallingTimeNow ? [] : new[] { $"Hors des horaires légaux : prochain créneau le {France.ToParis(NextCallingTime):dd/MM/yyyy à HH:mm}." },
    ];
}

/// <summary>
/// Call attempts of a broker on the leads he bought. Only the buyer records or reads them (another account gets
/// "not found"); an attempt outside the legal hours or beyond the limit is recorded all the same (it happened) and
/// flagged, so the record is honest evidence.
/// </summary>
public sealed class CallAttempts(IDbContextFactory<AppDbContext> dbFactory, TimeProvider time)
{
    public async Task<CallAttemptView> RecordAsync(Guid brokerId, Guid leadId, DateTimeOffset? at, CallOutcome? outcome, string? note,
        CancellationToken ct = default)
    {
        var now = time.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var purchasedAt = await db.Purchases.Where(p => p.LeadId == leadId && p.BrokerId == brokerId).Select(p => (DateTimeOffset?)p.PurchasedAt)
            .SingleOrDefaultAsync(ct) ?? throw new NotFoundException("Achat introuvable.");
        var when = at ?? now;
        note = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        var errors = new Dictionary<string, string[]>();
        if (outcome is null || !Enum.IsDefined(outcome.Value))
            errors["outcome"] = ["Indiquez le résultat de l'appel."];
        if (when > now + TimeSpan.FromMinutes(5))
            errors["at"] = ["Un appel se note une fois passé : la date ne peut pas être dans le futur."];
        else if (when < purchasedAt - TimeSpan.FromMinutes(5))
            errors["at"] = [$"L'appel ne peut pas précéder l'achat du lead ({France.ToParis(purchasedAt):dd/MM/yyyy à HH:mm})."];
        if (note?.Length > CallAttempt.MaxNote)
            errors["note"] = [$"La note fait {CallAttempt.MaxNote} caractères au plus."];
        if (errors.Count > 0)
            throw new ValidationFailedException(errors);
        var attempt = new CallAttempt(Guid.CreateVersion7(now), leadId, brokerId, when, outcome!.Value, note, CallingRules.IsCallingTime(when), now);
        db.CallAttempts.Add(attempt);
        await db.SaveChangesAsync(ct);
        return View(attempt);
    }

    /// <summary>The calling status of the broker's purchases among <paramref name="leadIds"/> (others are left out).</summary>
    public async Task<IReadOnlyDictionary<Guid, CallingStatus>> StatusAsync(Guid brokerId, IReadOnlyCollection<Guid> leadIds, CancellationToken ct = default)
    {
        var now = time.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var consents = await db.Purchases.Where(p => p.BrokerId == brokerId && leadIds.Contains(p.LeadId))
            .Select(p => new { p.LeadId, p.Lead.ConsentCapturedAt }).ToListAsync(ct);
        var ids = consents.Select(c => c.LeadId).ToList();
        var attempts = (await db.CallAttempts.AsNoTracking().Where(a => a.BrokerId == brokerId && ids.Contains(a.LeadId)).OrderByDescending(a => a.At)
            .ToListAsync(ct)).ToLookup(a => a.LeadId);
        var next = CallingRules.NextCallingTime(now);
        return consents.ToDictionary(c => c.LeadId, c =>
        {
            var end = CallingRules.CallWindowEnd(c.ConsentCapturedAt);
            var mine = attempts[c.LeadId].ToList();
            return new CallingStatus(c.LeadId, c.ConsentCapturedAt, end, now <= end, next == now, next,
                mine.Count(a => a.At > now - CallingRules.AttemptWindow), [.. mine.Select(View)], now);
        });
    }

    /// <summary>One purchase's status; <see cref="NotFoundException"/> when the broker did not buy the lead.</summary>
    public async Task<CallingStatus> StatusAsync(Guid brokerId, Guid leadId, CancellationToken ct = default) =>
        (await StatusAsync(brokerId, [leadId], ct)).GetValueOrDefault(leadId) ?? throw new NotFoundException("Achat introuvable.");

    /// <summary>The calls recorded on each of <paramref name="purchases"/> (lead, buyer), for a dispute's evidence.</summary>
    public async Task<IReadOnlyDictionary<(Guid LeadId, Guid BrokerId), CallEvidence>> EvidenceAsync(
        IReadOnlyCollection<(Guid LeadId, Guid BrokerId)> purchases, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await CallEvidence.ForAsync(db, purchases, ct);
    }

    internal static CallAttemptView View(CallAttempt a) =>
        new(a.Id, a.At, a.Outcome, CallAttempt.Label(a.Outcome), a.Note, a.WithinCallingHours, a.RecordedAt);
}
