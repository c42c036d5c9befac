using System.Globalization;
using LeadsAssurance.Domain.Data;
using LeadsAssurance.Domain.Ledger;
using LeadsAssurance.Domain.Market;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Stripe;
using Stripe.Checkout;

namespace LeadsAssurance.Domain.Payments;

/// <summary>Stripe could not open a payment; nothing was charged and a held lead stays held.</summary>
public sealed class CardPaymentUnavailableException(string message) : DomainException(message);

/// <summary>
/// Card payments through Stripe Checkout: buying credits, or paying the missing part of a held lead. This side only
/// opens Checkout sessions (created with an idempotency key); money moves when <see cref="StripeWebhooks"/> receives
/// Stripe's signed confirmation.
/// </summary>
public sealed class CardPayments(
    IDbContextFactory<AppDbContext> dbFactory, LedgerService ledger, IHttpClientFactory httpClients, IOptions<StripeOptions> options,
    TimeProvider time, ILogger<CardPayments> logger)
{
    public const string HttpClientName = "stripe";
    private const string Unavailable = "Le paiement par carte est momentanément indisponible (Stripe ne répond pas). Rien n'a été débité ; réessayez dans quelques minutes.";

    /// <summary>A held lead's Checkout session closes after Stripe's shortest allowed lifetime: a late payment stays bounded.</summary>
    private static readonly TimeSpan CheckoutLifetime = TimeSpan.FromMinutes(31);

    private StripeOptions Options => options.Value;

    public bool IsAvailable => Options.IsConfigured;

    public decimal MinTopUp => Options.MinTopUp;

    public decimal MaxTopUp => Options.MaxTopUp;

    /// <summary>Opens a Checkout session to buy credits; returns the payment (its CheckoutUrl is where the broker pays).</summary>
    public async Task<CardPayment> StartTopUpAsync(Guid brokerId, decimal amount, string returnBaseUrl, CancellationToken ct = default)
    {
        EnsureAvailable();
        if (decimal.Round(amount, 2) != amount || amount < Options.MinTopUp || amount > Options.MaxTopUp)
            throw new ValidationFailedException("amount", string.Create(France.Culture,
                $"Le montant doit être compris entre {Options.MinTopUp:C} et {Options.MaxTopUp:C}, au centime près."));
        var payment = new CardPayment(Guid.CreateVersion7(time.GetUtcNow()), brokerId, CardPaymentPurpose.TopUp, amount, null, null, time.GetUtcNow());
        return await OpenAsync(payment, "Crédits LeadsAssurance", $"Recharge du portefeuille de crédits ({amount.ToString("C", France.Culture)})", returnBaseUrl, ct);
    }

    /// <summary>
    /// Opens a Checkout session for what the wallet lacks to pay a hold (at least Stripe's minimum charge). The webhook
    /// credits it and buys the lead if the hold is still valid; otherwise the money stays as credits.
    /// </summary>
    public async Task<CardPayment> StartHeldLeadAsync(Guid brokerId, Guid reservationId, string returnBaseUrl, CancellationToken ct = default)
    {
        EnsureAvailable();
        var now = time.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var hold = await db.Reservations.AsNoTracking().Where(r => r.Id == reservationId && r.BrokerId == brokerId)
            .Select(r => new { r.Status, r.ExpiresAt, r.Price, r.LeadId, r.Lead.ProductCode, Label = r.Lead.Product.Label, r.Lead.City })
            .SingleOrDefaultAsync(ct) ?? throw new NotFoundException("Réservation introuvable.");
        if (hold.Status != ReservationStatus.Active || hold.ExpiresAt <= now)
            throw new HoldExpiredException();
        // A second click (or a second tab) continues the payment already opened for this hold instead of charging twice.
        var open = await db.CardPayments.AsNoTracking()
            .Where(p => p.ReservationId == reservationId && p.BrokerId == brokerId && p.Status == CardPaymentStatus.Open && p.CreatedAt > now - CheckoutLifetime)
            .OrderByDescending(p => p.CreatedAt).FirstOrDefaultAsync(ct);
        if (open is not null)
            return open;
        var balance = await ledger.GetBalanceAsync(brokerId, ct);
        var missing = hold.Price - balance;
        if (missing <= 0)
            throw new DomainException("Votre solde couvre déjà ce lead : payez-le avec vos crédits.");
        var amount = Math.Max(missing, Options.MinCardCharge);
        var payment = new CardPayment(Guid.CreateVersion7(now), brokerId, CardPaymentPurpose.HeldLead, amount, reservationId, hold.LeadId, now);
        return await OpenAsync(payment, $"Lead {hold.Label} · {hold.City}",
            $"Complément de {amount.ToString("C", France.Culture)} pour un lead de {hold.Price.ToString("C", France.Culture)} (solde {balance.ToString("C", France.Culture)})",
            returnBaseUrl, ct);
    }

    /// <summary>The broker's own payment (null for anyone else's).</summary>
    public async Task<CardPayment?> GetAsync(Guid brokerId, Guid paymentId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.CardPayments.AsNoTracking().SingleOrDefaultAsync(p => p.Id == paymentId && p.BrokerId == brokerId, ct);
    }

    public async Task<IReadOnlyList<CardPayment>> ListAsync(Guid brokerId, int take = 20, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.CardPayments.AsNoTracking().Where(p => p.BrokerId == brokerId && p.Status != CardPaymentStatus.Created)
            .OrderByDescending(p => p.CreatedAt).Take(take).ToListAsync(ct);
    }

    private void EnsureAvailable()
    {
        if (!IsAvailable)
            throw new CardPaymentUnavailableException("Le paiement par carte n'est pas disponible sur cette plateforme : payez avec vos crédits ou demandez une recharge par virement.");
    }

    /// <summary>Records the payment, then asks Stripe for a Checkout session keyed by the payment's id.</summary>
    private async Task<CardPayment> OpenAsync(CardPayment payment, string productName, string description, string returnBaseUrl, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.CardPayments.Add(payment);
        await db.SaveChangesAsync(ct);

        var returnUrl = $"{returnBaseUrl.TrimEnd('/')}/payments/{payment.Id}";
        var metadata = new Dictionary<string, string>
        {
            ["paymentId"] = payment.Id.ToString(),
            ["brokerId"] = payment.BrokerId.ToString(),
            ["purpose"] = payment.Purpose.ToString(),
        };
        var create = new SessionCreateOptions
        {
            Mode = "payment",
            ClientReferenceId = payment.Id.ToString(),
            SuccessUrl = returnUrl,
            CancelUrl = returnUrl + "?annule=1",
            Locale = "fr",
            ExpiresAt = payment.Purpose == CardPaymentPurpose.HeldLead ? (time.GetUtcNow() + CheckoutLifetime).UtcDateTime : null,
            Metadata = metadata,
            PaymentIntentData = new SessionPaymentIntentDataOptions { Metadata = metadata, Description = description },
            LineItems =
            [
                new SessionLineItemOptions
                {
                    Quantity = 1,
                    PriceData = new SessionLineItemPriceDataOptions
                    {
                        Currency = "eur",
                        UnitAmount = (long)(payment.Amount * 100),
                        ProductData = new SessionLineItemPriceDataProductDataOptions { Name = productName, Description = description },
                    },
                },
            ],
        };
        try
        {
            var session = await new SessionService(Client()).CreateAsync(create,
                new RequestOptions { IdempotencyKey = $"checkout-{payment.Id}" }, ct);
            payment.Opened(session.Id, session.Url);
            await db.SaveChangesAsync(ct);
            return payment;
        }
        catch (Exception e) when (e is StripeException or HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            logger.LogWarning(e, "Stripe Checkout session for payment {PaymentId} could not be created", payment.Id);
            payment.Failed(Unavailable, time.GetUtcNow());
            await db.SaveChangesAsync(CancellationToken.None);
            throw new CardPaymentUnavailableException(Unavailable);
        }
    }

    private StripeClient Client() => new(new StripeClientOptions
    {
        ApiKey = Options.SecretKey,
        ApiBase = string.IsNullOrWhiteSpace(Options.ApiBase) ? null : Options.ApiBase.TrimEnd('/'),
        HttpClient = new SystemNetHttpClient(httpClients.CreateClient(HttpClientName), maxNetworkRetries: 2),
    });

    internal static decimal Euros(long? cents) => (cents ?? 0) / 100m;

    internal static string Format(decimal amount) => amount.ToString("C", CultureInfo.GetCultureInfo("fr-FR"));
}
