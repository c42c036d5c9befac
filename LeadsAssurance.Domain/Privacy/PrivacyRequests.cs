using System.Security.Cryptography;
using System.Text;
using LeadsAssurance.Domain.Data;
using LeadsAssurance.Domain.Email;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LeadsAssurance.Domain.Privacy;

/// <summary>What became of a code typed on the public page.</summary>
public enum PrivacyCodeOutcome
{
    /// <summary>Access: the report went to the address. Erasure: done.</summary>
    Done,
    WrongCode,
    /// <summary>Expired, attempts spent, or the request is no longer waiting for a code.</summary>
    Closed,
}

/// <summary>A phone request waiting for an admin (its number is shown to the admin only).</summary>
public sealed record PendingPrivacyRequest(Guid Id, PrivacyRequestKind Kind, string Phone, DateTimeOffset CreatedAt);

/// <summary>
/// The public page's requests, without an account (GDPR art. 12, 15, 17). An e-mail address is proven by a one-time
/// code sent to it; the answer to an access request goes to that address, never to the page, and the page says the
/// same thing whether the address is known or not. A phone alone waits for an admin, who erases after checking.
/// </summary>
public sealed class PrivacyRequests(IDbContextFactory<AppDbContext> dbFactory, ErasureService erasures, Opposition.OppositionLists opposition,
    EmailOutbox outbox, PrivacyEmails emails, PersonalData personalData, IOptions<PrivacyOptions> options, TimeProvider time)
{
    private PrivacyOptions Options => options.Value;

    /// <summary>Records the request and, for an e-mail address, sends its code (unless the address had its hourly share).</summary>
    public async Task<Guid> StartAsync(PrivacyRequestKind kind, string? phone, string? email, CancellationToken ct = default)
    {
        var person = PersonKey.From(phone, email);
        var now = time.GetUtcNow();
        var id = Guid.CreateVersion7(now);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (person.Email is null)
        {
            if (kind == PrivacyRequestKind.Access)
                throw new ValidationFailedException("email", "Pour recevoir vos données, indiquez votre adresse e-mail : elles vous y seront envoyées.");
            db.PrivacyRequests.Add(new PrivacyRequest(id, kind, person, null, now, null));
            await db.SaveChangesAsync(ct);
            return id;
        }
        var code = RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6", France.Culture);
        db.PrivacyRequests.Add(new PrivacyRequest(id, kind, person, Hash(id, code), now, now + Options.CodeValidity));
        var sentLastHour = await db.PrivacyRequests.CountAsync(r => r.Email == person.Email && r.CreatedAt > now.AddHours(-1), ct);
        if (sentLastHour < Options.MaxCodesPerAddressPerHour)
            outbox.Enqueue(db, person.Email, emails.RequestCode(code, Options.CodeValidity));
        await db.SaveChangesAsync(ct);
        return id;
    }

    /// <summary>Checks the code and answers the request in the same transaction.</summary>
    public async Task<PrivacyCodeOutcome> ConfirmAsync(Guid requestId, string code, CancellationToken ct = default)
    {
        var now = time.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var request = await db.PrivacyRequests.SingleOrDefaultAsync(r => r.Id == requestId && r.Status == PrivacyRequestStatus.AwaitingCode, ct);
        if (request is null)
            return PrivacyCodeOutcome.Closed;
        if (request.CodeExpiresAt <= now || request.Attempts >= Options.MaxCodeAttempts)
        {
            request.Close(PrivacyRequestStatus.Closed, now);
            await db.SaveChangesAsync(ct);
            return PrivacyCodeOutcome.Closed;
        }
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(request.CodeHash!), Encoding.ASCII.GetBytes(Hash(requestId, code.Trim()))))
        {
            request.CountAttempt();
            if (request.Attempts >= Options.MaxCodeAttempts)
                request.Close(PrivacyRequestStatus.Closed, now);
            await db.SaveChangesAsync(ct);
            return request.Status == PrivacyRequestStatus.Closed ? PrivacyCodeOutcome.Closed : PrivacyCodeOutcome.WrongCode;
        }
        var email = request.Email!;
        if (request.Kind == PrivacyRequestKind.Access)
        {
            outbox.Enqueue(db, email, emails.AccessReport(await personalData.ByEmailAsync(db, email, ct)));
            request.Close(PrivacyRequestStatus.Done, now);
            await db.SaveChangesAsync(ct);
            return PrivacyCodeOutcome.Done;
        }
        if (request.Kind == PrivacyRequestKind.Opposition)
        {
            await OpposeAsync(db, request, new PersonKey(null, email), null, now, ct);
            return PrivacyCodeOutcome.Done;
        }
        await erasures.EraseAsync(new PersonKey(null, email), ErasureRequesters.PersonByEmail, null,
            alongside => alongside.PrivacyRequests.Attach(request).Entity.Close(PrivacyRequestStatus.Done, now), ct);
        return PrivacyCodeOutcome.Done;
    }

    public async Task<IReadOnlyList<PendingPrivacyRequest>> PendingAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.PrivacyRequests.AsNoTracking().Where(r => r.Status == PrivacyRequestStatus.AwaitingAdmin).OrderBy(r => r.CreatedAt)
            .Select(r => new PendingPrivacyRequest(r.Id, r.Kind, r.Phone!, r.CreatedAt)).ToListAsync(ct);
    }

    /// <summary>
    /// The admin checked the phone request (by calling back, say) and erases, or lists the phone for an opposition, in the
    /// request's transaction.
    /// </summary>
    public async Task<ErasureResult> ConfirmByAdminAsync(Guid requestId, Guid adminId, CancellationToken ct = default)
    {
        var now = time.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var request = await db.PrivacyRequests.AsNoTracking().SingleOrDefaultAsync(r => r.Id == requestId && r.Status == PrivacyRequestStatus.AwaitingAdmin, ct)
            ?? throw new NotFoundException("Cette demande n'attend plus de confirmation.");
        if (request.Kind == PrivacyRequestKind.Opposition)
        {
            db.PrivacyRequests.Attach(request);
            await OpposeAsync(db, request, new PersonKey(request.Phone, null), adminId, now, ct);
            return new ErasureResult(0, 0);
        }
        return await erasures.EraseAsync(new PersonKey(request.Phone, null), ErasureRequesters.PersonByPhone, adminId,
            alongside => alongside.PrivacyRequests.Attach(request).Entity.Close(PrivacyRequestStatus.Done, now), ct);
    }

    public async Task DismissAsync(Guid requestId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var request = await db.PrivacyRequests.SingleOrDefaultAsync(r => r.Id == requestId && r.Status == PrivacyRequestStatus.AwaitingAdmin, ct)
            ?? throw new NotFoundException("Cette demande n'attend plus de confirmation.");
        request.Close(PrivacyRequestStatus.Closed, time.GetUtcNow());
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Lists the person's contact and closes the request in one transaction, then withdraws the leads on sale that hold it.</summary>
    private async Task OpposeAsync(AppDbContext db, PrivacyRequest request, PersonKey person, Guid? adminId, DateTimeOffset now, CancellationToken ct)
    {
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            var connection = (Npgsql.NpgsqlConnection)db.Database.GetDbConnection();
            var npgsqlTx = (Npgsql.NpgsqlTransaction)Microsoft.EntityFrameworkCore.Storage.DbContextTransactionExtensions.GetDbTransaction(tx);
            List<(Opposition.ContactKind, string)> contacts = person.Phone is { } phone
                ? [(Opposition.ContactKind.Phone, phone)]
                : [(Opposition.ContactKind.Email, person.Email!)];
            await opposition.AddInTransactionAsync(connection, npgsqlTx, contacts, Opposition.OppositionSources.Person,
                person.Phone is null ? "Opposition au démarchage (e-mail confirmé par code)" : "Opposition au démarchage (téléphone vérifié par un admin)",
                adminId, now, ct);
            request.Close(PrivacyRequestStatus.Done, now);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        await opposition.WithdrawListedAsync(null, ct);
    }

    private static string Hash(Guid id, string code) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{id:D}:{code}")));
}
