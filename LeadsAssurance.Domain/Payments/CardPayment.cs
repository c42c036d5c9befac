namespace LeadsAssurance.Domain.Payments;

public enum CardPaymentPurpose
{
    /// <summary>Credits bought by card.</summary>
    TopUp,
    /// <summary>The missing part of a held lead's price; credited, then the lead is bought from credits.</summary>
    HeldLead,
}

public enum CardPaymentStatus
{
    /// <summary>Recorded, Stripe not reached yet (or unreachable: then <see cref="Failed"/>).</summary>
    Created,
    /// <summary>A Checkout session waits for the broker.</summary>
    Open,
    /// <summary>Stripe confirmed the payment; the wallet was credited.</summary>
    Paid,
    /// <summary>The Checkout session expired unpaid.</summary>
    Expired,
    /// <summary>Stripe could not be reached or refused the session; nothing was charged.</summary>
    Failed,
}

/// <summary>What the platform did with a paid amount.</summary>
public enum CardPaymentOutcome
{
    None,
    Credited,
    LeadBought,
    /// <summary>The hold ended before the money arrived: the amount stays as credits.</summary>
    CreditsKept,
}

/// <summary>
/// One card payment through Stripe Checkout. Created before the Checkout session (its id is the session's idempotency
/// key and metadata), settled only by a verified webhook, never by the return page.
/// </summary>
public class CardPayment
{
    private CardPayment() { }

    public CardPayment(Guid id, Guid brokerId, CardPaymentPurpose purpose, decimal amount, Guid? reservationId, Guid? leadId, DateTimeOffset now)
    {
        Id = id;
        BrokerId = brokerId;
        Purpose = purpose;
        Amount = amount;
        ReservationId = reservationId;
        LeadId = leadId;
        Status = CardPaymentStatus.Created;
        CreatedAt = now;
    }

    public Guid Id { get; private set; }
    public Guid BrokerId { get; private set; }
    public CardPaymentPurpose Purpose { get; private set; }
    /// <summary>Euros asked from the card.</summary>
    public decimal Amount { get; private set; }
    public Guid? ReservationId { get; private set; }
    public Guid? LeadId { get; private set; }
    public CardPaymentStatus Status { get; private set; }
    public CardPaymentOutcome Outcome { get; private set; }
    /// <summary>What the broker is told about the result, in French.</summary>
    public string? Message { get; private set; }
    public string? CheckoutSessionId { get; private set; }
    public string? CheckoutUrl { get; private set; }
    public string? PaymentIntentId { get; private set; }
    /// <summary>Euros Stripe reports as paid (what was credited).</summary>
    public decimal? PaidAmount { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset? SettledAt { get; private set; }

    public void Opened(string sessionId, string url)
    {
        CheckoutSessionId = sessionId;
        CheckoutUrl = url;
        Status = CardPaymentStatus.Open;
    }

    public void Failed(string message, DateTimeOffset now)
    {
        Status = CardPaymentStatus.Failed;
        Message = message;
        SettledAt = now;
    }

    /// <summary>An unpaid session ended. A late "expired" after "paid" (deliveries come in any order) changes nothing.</summary>
    public void Expire(DateTimeOffset now)
    {
        if (Status is CardPaymentStatus.Paid)
            return;
        Status = CardPaymentStatus.Expired;
        Message = "La session de paiement a expiré sans paiement : rien n'a été débité.";
        SettledAt = now;
    }

    /// <summary>The bank refused a delayed payment (Stripe's async_payment_failed). A late refusal after "paid" changes nothing.</summary>
    public void Decline(DateTimeOffset now)
    {
        if (Status is CardPaymentStatus.Paid)
            return;
        Status = CardPaymentStatus.Failed;
        Message = "Le paiement a été refusé par votre banque : rien n'a été débité.";
        SettledAt = now;
    }

    public void Paid(decimal paidAmount, string? paymentIntentId, CardPaymentOutcome outcome, string message, DateTimeOffset now)
    {
        Status = CardPaymentStatus.Paid;
        PaidAmount = paidAmount;
        PaymentIntentId = paymentIntentId;
        Outcome = outcome;
        Message = message;
        SettledAt = now;
    }
}

/// <summary>A Stripe event already handled: the same event delivered again (or in parallel) does nothing more.</summary>
public class ProcessedStripeEvent
{
    private ProcessedStripeEvent() { }

    public ProcessedStripeEvent(string id, string type, DateTimeOffset now)
    {
        Id = id;
        Type = type;
        ProcessedAt = now;
    }

    public string Id { get; private set; } = "";
    public string Type { get; private set; } = "";
    public DateTimeOffset ProcessedAt { get; private set; }
}
