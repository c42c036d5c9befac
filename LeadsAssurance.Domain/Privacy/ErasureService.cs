using LeadsAssurance.Domain.Audit;
using LeadsAssurance.Domain.Consent;
using LeadsAssurance.Domain.Data;
using LeadsAssurance.Domain.Email;
using LeadsAssurance.Domain.Leads;
using LeadsAssurance.Domain.Market;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace LeadsAssurance.Domain.Privacy;

/// <summary>How many leads an erasure emptied and how many buyers it told.</summary>
public sealed record ErasureResult(int Leads, int BuyersNotified);

/// <summary>Who asked for an erasure (<see cref="IdentityErasure.RequestedBy"/>).</summary>
public static class ErasureRequesters
{
    public const string Admin = "admin";
    public const string PersonByEmail = "person-email";
    public const string PersonByPhone = "person-phone";
    /// <summary>The retention purge (<see cref="PersonalDataRetention"/>): nobody asked, the time limit did.</summary>
    public const string Retention = "retention";
}

/// <summary>
/// GDPR art. 17: erases a person's name, phone, e-mail and city from every lead that holds them, in one transaction,
/// keeping each lead's consent proof verifiable (see <see cref="StoredConsent.Check"/>): a version-2 record commits to a
/// digest whose salt is erased too; a version-1 record, whose hash covered the identity in clear, is recomputed first
/// and the result kept in its <see cref="IdentityErasure"/>. Withdraws the leads still on sale, closes their holds,
/// writes the proof of erasure in the audit log and tells every buyer (art. 19).
/// </summary>
public sealed class ErasureService(IDbContextFactory<AppDbContext> dbFactory, EmailOutbox outbox, PrivacyEmails emails,
    MarketEventBus events, Opposition.OppositionLists opposition, TimeProvider time)
{
    public Task<ErasureResult> EraseAsync(string? phone, string? email, string requestedBy, Guid? actorId, CancellationToken ct = default) =>
        EraseAsync(PersonKey.From(phone, email), requestedBy, actorId, null, ct);

    /// <param name="alongside">A change saved in the erasure's transaction (the privacy request it answers).</param>
    internal Task<ErasureResult> EraseAsync(PersonKey person, string requestedBy, Guid? actorId, Action<AppDbContext>? alongside,
        CancellationToken ct = default) =>
        RunAsync((connection, tx) => ErasureSql.LockHeldAsync(connection, tx, person, ct), requestedBy, actorId, alongside, tellBuyers: true, ct, person);

    /// <summary>
    /// One batch of the retention purge: up to <paramref name="limit"/> leads past their time (<see cref="ErasureSql.LockExpiredAsync"/>),
    /// erased like a request but without telling buyers (nobody asked: art. 19 concerns erasures a person obtains).
    /// </summary>
    internal async Task<int> PurgeBatchAsync(bool sold, DateTimeOffset cutoff, int limit, CancellationToken ct) =>
        (await RunAsync((connection, tx) => ErasureSql.LockExpiredAsync(connection, tx, sold, cutoff, limit, ct),
            ErasureRequesters.Retention, null, null, tellBuyers: false, ct)).Leads;

    /// <param name="person">Who asked, for a person's request: put on the opposition list in the same transaction, so no
    /// provider can sell them again (the retention purge passes none: nobody opposed anything).</param>
    private async Task<ErasureResult> RunAsync(Func<NpgsqlConnection, NpgsqlTransaction, Task<List<StoredConsent>>> lockLeads,
        string requestedBy, Guid? actorId, Action<AppDbContext>? alongside, bool tellBuyers, CancellationToken ct, PersonKey? person = null)
    {
        var now = time.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        var npgsqlTx = (NpgsqlTransaction)tx.GetDbTransaction();

        var records = await lockLeads(connection, npgsqlTx);
        alongside?.Invoke(db);
        if (person is not null)
        {
            List<(Opposition.ContactKind, string)> contacts = [];
            if (person.Phone is { } phone)
                contacts.Add((Opposition.ContactKind.Phone, phone));
            if (person.Email is { } email)
                contacts.Add((Opposition.ContactKind.Email, email));
            await opposition.AddInTransactionAsync(connection, npgsqlTx, contacts, Opposition.OppositionSources.Erasure,
                $"Effacement RGPD ({requestedBy})", actorId, now, ct);
        }
        if (records.Count == 0)
        {
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return new ErasureResult(0, 0);
        }
        foreach (var record in records)
        {
            string? residual = null;
            DateTimeOffset? verifiedAt = null;
            if (record.FormatVersion == ConsentHasher.ClearIdentityVersion
                && record.Check(await ConsentVerifier.PreviousHashAsync(connection, npgsqlTx, record.Position, ct)) is null)
            {
                verifiedAt = now;
                residual = record.ResidualOfClearForm();
            }
            db.IdentityErasures.Add(new IdentityErasure(record.LeadId, record.ProofHash, record.FormatVersion, now, requestedBy, actorId,
                verifiedAt, residual));
        }
        var ids = records.Select(r => r.LeadId).ToArray();
        var withdrawn = await ErasureSql.EraseLeadsAsync(connection, npgsqlTx, ids, now, ct);
        var buyers = tellBuyers ? (await ErasureSql.BuyersAsync(connection, npgsqlTx, ids, ct)).Where(b => b.Email.Length > 0).ToList() : [];
        foreach (var buyer in buyers)
            outbox.Enqueue(db, buyer.Email, emails.ContactErased(buyer.CompanyName, buyer.Purchases));
        // The proof of erasure: what (leads and their proofs), when, who asked. Never the erased values themselves.
        db.AuditLog.Add(new AuditEntry(actorId, "privacy.erased", $"leads:{ids.Length}",
            $"Demandé par : {requestedBy}. Effacés : nom, prénom, téléphone, e-mail, ville. Leads : {string.Join(", ", ids)}. "
            + $"Acheteurs informés : {buyers.Count}.", now));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        foreach (var e in LeadWithdrawn.For(withdrawn, WithdrawalReason.Erased, now))
            events.Publish(e);
        return new ErasureResult(ids.Length, buyers.Count);
    }
}
