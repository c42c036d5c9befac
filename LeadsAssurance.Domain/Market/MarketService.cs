using LeadsAssurance.Domain.Data;
using LeadsAssurance.Domain.Diagnostics;
using LeadsAssurance.Domain.Leads;
using LeadsAssurance.Domain.Ledger;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LeadsAssurance.Domain.Market;

/// <summary>A broker's hold, as the reserve call returns it.</summary>
public sealed record HoldResult(Guid ReservationId, Guid LeadId, DateTimeOffset ExpiresAt, decimal Price);

/// <summary>A paid purchase with the contact, revealed to its buyer only.</summary>
public sealed record PurchaseResult(Guid PurchaseId, PurchasedLead Lead, decimal Balance);

public sealed record PurchasedLead(
    Guid Id, string ProductCode, string FirstName, string LastName, string Phone, string Email, string ZipCode,
    string City, string Departement, string Attributes, decimal Price, DateTimeOffset CreatedAt, DateTimeOffset PurchasedAt,
    Guid? FlowId = null, string? FlowName = null, DateTimeOffset? ErasedAt = null);

/// <summary>
/// The market's use cases: list, hold, cancel, pay with credits, release expired holds. Each runs in one transaction
/// and hands its event to <see cref="MarketEventBus"/> once the transaction has committed. A hold is one conditional UPDATE on the lead row, so exactly one broker wins
/// the last place of a lead whatever the concurrency.
/// </summary>
public sealed class MarketService(
    IDbContextFactory<AppDbContext> dbFactory, Npgsql.NpgsqlDataSource dataSource, LedgerService ledger, MarketListing listing, MarketEventBus events,
    IOptions<MarketOptions> options, TimeProvider time)
{
    private MarketOptions Options => options.Value;

    public Task<MarketPage> ListAsync(MarketQuery query, CancellationToken ct = default) => listing.ListAsync(query, ct);

    /// <summary>Holds one place of a lead for the broker. Throws <see cref="LeadTakenException"/> when none is left for him.</summary>
    public async Task<HoldResult> ReserveAsync(Guid leadId, Guid brokerId, CancellationToken ct = default)
    {
        var now = time.GetUtcNow();
        var reservationId = Guid.CreateVersion7(now);
        var expiresAt = now + Options.HoldDuration;
        HoldCommand.Outcome hold;
        try
        {
            hold = await HoldCommand.RunAsync(dataSource, reservationId, leadId, brokerId, now, expiresAt,
                LeadSaleRule.ConsentCutoff(now, Options.ConsentValidity), Options.MaxActiveHolds, ct);
        }
        catch (DomainException e)
        {
            AppMetrics.Hold(e switch { HoldLimitException => "limit", NotFoundException => "not_found", NamedPartnerRequiredException => "not_named", _ => "taken" });
            throw;
        }
        AppMetrics.Hold("held");
        events.Publish(new LeadReserved(leadId, brokerId, expiresAt, hold.PlacesLeft, hold.Price, now));
        return new HoldResult(reservationId, leadId, expiresAt, hold.Price);
    }

    /// <summary>Gives the place back at once.</summary>
    public async Task CancelAsync(Guid reservationId, Guid brokerId, CancellationToken ct = default)
    {
        var now = time.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var reservation = await LockReservationAsync(db, reservationId, brokerId, ct);
        if (reservation.Status != ReservationStatus.Active)
            throw new HoldExpiredException();
        var placesLeft = await ReleaseAsync(db, reservation, ReservationStatus.Cancelled, now, ct);
        await tx.CommitAsync(ct);
        AppMetrics.Released(expired: false);
        events.Publish(new LeadReleased(reservation.LeadId, brokerId, placesLeft, Expired: false, now));
    }

    /// <summary>
    /// Pays a hold from the broker's credits: ledger entry, purchase, reservation and lead change in one transaction.
    /// Throws <see cref="HoldExpiredException"/> (nothing charged), <see cref="ConsentExpiredException"/> (hold released,
    /// nothing charged) or <see cref="InsufficientCreditsException"/> (hold kept).
    /// </summary>
    public async Task<PurchaseResult> PayWithCreditsAsync(Guid reservationId, Guid brokerId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var outcome = await PayInTransactionAsync(db, reservationId, brokerId, ct);
        if (outcome.Event is not null)
            await tx.CommitAsync(ct);
        Publish(outcome);
        return outcome.Result ?? throw outcome.Error!;
    }

    /// <summary>The outcome of paying a hold inside a caller's transaction: a purchase, or why not (with nothing charged).</summary>
    internal sealed record PayOutcome(PurchaseResult? Result, DomainException? Error, MarketEvent? Event, CreditLedgerEntry? Debit = null);

    /// <summary>
    /// Pays a hold from credits inside the caller's transaction (the card webhook credits the wallet and buys in the
    /// same one). Never throws for a hold that cannot be paid: the outcome says why, and nothing was charged. The
    /// caller commits, then hands the outcome to <see cref="Publish"/>.
    /// </summary>
    internal async Task<PayOutcome> PayInTransactionAsync(AppDbContext db, Guid reservationId, Guid brokerId, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        // The broker's wallet lock before the hold's row, in that order on every path: the card webhook credits the
        // wallet (taking this lock) before it pays the hold, and a credits payment of the same hold that took the row
        // first would otherwise wait for the lock the webhook holds while the webhook waits for the row (a deadlock,
        // one of the two answered 500). Advisory locks are re-entrant within a transaction: the webhook's second take is free.
        await LedgerService.LockAccountAsync(db, brokerId, ct);
        var reservation = await LockReservationAsync(db, reservationId, brokerId, ct);
        if (reservation.Status != ReservationStatus.Active || reservation.ExpiresAt <= now)
            return new PayOutcome(null, new HoldExpiredException(), null);
        // A consent may pass 30 days while the lead is held (Code des assurances R112-7): no sale then.
        var consentAt = await db.Leads.Where(l => l.Id == reservation.LeadId).Select(l => l.ConsentCapturedAt).SingleAsync(ct);
        if (!LeadSaleRule.ConsentIsValid(consentAt, LeadSaleRule.ConsentCutoff(now, Options.ConsentValidity)))
        {
            var left = await ReleaseAsync(db, reservation, ReservationStatus.Expired, now, ct);
            return new PayOutcome(null, new ConsentExpiredException(), new LeadReleased(reservation.LeadId, brokerId, left, Expired: true, now));
        }

        var purchase = new Purchase(Guid.CreateVersion7(now), reservation.LeadId, brokerId, reservation.Id, reservation.Price, now);
        CreditLedgerEntry entry;
        try
        {
            entry = await ledger.AppendAsync(db, brokerId, LedgerEntryKind.Purchase, -reservation.Price, $"purchase:{purchase.Id}", brokerId, ct);
        }
        catch (InsufficientCreditsException e)
        {
            return new PayOutcome(null, e, null);
        }
        db.Purchases.Add(purchase);
        // The answer carries the contact: the access trail records it in the purchase's transaction.
        db.ContactReveals.Add(new Audit.ContactReveal(brokerId, brokerId, Audit.RevealChannel.Purchase, [reservation.LeadId], now));
        reservation.Close(ReservationStatus.Paid, now);
        var placesLeft = await db.Database.SqlQueryRaw<int>(SellHeldPlace, reservation.LeadId, now).ToListAsync(ct);
        await db.SaveChangesAsync(ct);
        // The provider's sale counts toward his quality score in the sale's own transaction (last: the stats row is hot).
        await db.Database.ExecuteSqlRawAsync(Providers.ProviderStatsSql.CountSales("{0}"), [new[] { purchase.Id }], ct);
        // The provider's earning, held until the dispute window has passed, in the same transaction.
        await db.Database.ExecuteSqlRawAsync(Earnings.EarningsSql.RecordSales("{0}"), [new[] { purchase.Id }], ct);
        var lead = await db.Leads.AsNoTracking().SingleAsync(l => l.Id == reservation.LeadId, ct);
        return new PayOutcome(new PurchaseResult(purchase.Id, ToPurchased(lead, purchase), entry.BalanceAfter), null,
            new LeadSold(lead.Id, brokerId, placesLeft[0], purchase.Price, lead.ProductCode, now), entry);
    }

    /// <summary>Tells the market, and the broker's screens, what a committed payment changed.</summary>
    internal void Publish(PayOutcome outcome)
    {
        if (outcome.Event is LeadSold sold)
            AppMetrics.Sold(sold.Price);
        else if (outcome.Event is LeadReleased)
            AppMetrics.Released(expired: true);
        if (outcome.Event is not null)
            events.Publish(outcome.Event);
        if (outcome.Debit is not null)
            ledger.Announce(outcome.Debit);
    }

    /// <summary>Releases every hold past its expiry. Idempotent; safe to run on several nodes at once.</summary>
    public async Task<int> ReleaseExpiredAsync(CancellationToken ct = default)
    {
        var now = time.GetUtcNow();
        var count = 0;
        while (true)
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var expired = await db.Reservations
                .FromSql($"select * from reservations where status = 'Active' and expires_at <= {now} order by expires_at limit 100 for update skip locked")
                .ToListAsync(ct);
            if (expired.Count == 0)
                return count;
            var released = new List<MarketEvent>();
            foreach (var reservation in expired)
            {
                var placesLeft = await ReleaseAsync(db, reservation, ReservationStatus.Expired, now, ct);
                released.Add(new LeadReleased(reservation.LeadId, reservation.BrokerId, placesLeft, Expired: true, now));
            }
            await tx.CommitAsync(ct);
            AppMetrics.Released(expired: true, expired.Count);
            count += expired.Count;
            foreach (var e in released)
                events.Publish(e);
        }
    }

    /// <summary>
    /// Ends every active hold of a broker inside the caller's transaction (his account is being suspended: he may not
    /// pay them, and the leads go back on sale). The caller commits, then hands the events to <see cref="PublishAll"/>.
    /// </summary>
    internal async Task<IReadOnlyList<MarketEvent>> ReleaseAllInTransactionAsync(AppDbContext db, Guid brokerId, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        // The same order as a payment: the broker's lock (which also stops his new holds), then the holds' rows.
        await LedgerService.LockAccountAsync(db, brokerId, ct);
        var holds = await db.Reservations
            .FromSql($"select * from reservations where broker_id = {brokerId} and status = 'Active' order by id for update").ToListAsync(ct);
        var released = new List<MarketEvent>();
        foreach (var reservation in holds)
        {
            var placesLeft = await ReleaseAsync(db, reservation, ReservationStatus.Cancelled, now, ct);
            released.Add(new LeadReleased(reservation.LeadId, brokerId, placesLeft, Expired: false, now));
        }
        return released;
    }

    /// <summary>Call once the transaction that produced <paramref name="committed"/> committed.</summary>
    internal void PublishAll(IEnumerable<MarketEvent> committed)
    {
        foreach (var e in committed)
            events.Publish(e);
    }

    // {0} the lead, {1} now. Both return the places left, as the market events tell them.
    private static readonly string SellHeldPlace = $$"""
        update leads l set held_count = l.held_count - 1, sold_count = l.sold_count + 1, updated_at = {1},
            status = {{LeadSaleRule.StatusSql("l", "l.sold_count + 1", "l.held_count - 1")}}
        where l.id = {0}
        returning {{LeadSaleRule.PlacesLeftSql("l")}} as "Value"
        """;

    private static readonly string ReleaseHeldPlace = $$"""
        update leads l set held_count = l.held_count - 1, updated_at = {1},
            status = {{LeadSaleRule.StatusSql("l", "l.sold_count", "l.held_count - 1")}}
        where l.id = {0}
        returning {{LeadSaleRule.PlacesLeftSql("l")}} as "Value"
        """;

    private static async Task<Reservation> LockReservationAsync(AppDbContext db, Guid reservationId, Guid brokerId, CancellationToken ct) =>
        await db.Reservations.FromSql($"select * from reservations where id = {reservationId} and broker_id = {brokerId} for update")
            .SingleOrDefaultAsync(ct) ?? throw new NotFoundException("Réservation introuvable.");

    private static async Task<int> ReleaseAsync(AppDbContext db, Reservation reservation, ReservationStatus status, DateTimeOffset now, CancellationToken ct)
    {
        reservation.Close(status, now);
        var placesLeft = await db.Database.SqlQueryRaw<int>(ReleaseHeldPlace, reservation.LeadId, now).ToListAsync(ct);
        await db.SaveChangesAsync(ct);
        return placesLeft[0];
    }

    internal static PurchasedLead ToPurchased(Lead l, Purchase p) => new(
        l.Id, l.ProductCode, l.FirstName, l.LastName, l.Phone, l.Email, l.ZipCode, l.City, l.Departement,
        l.Attributes, p.Price, l.CreatedAt, p.PurchasedAt);

}
