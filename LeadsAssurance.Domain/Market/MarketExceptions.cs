namespace LeadsAssurance.Domain.Market;

/// <summary>Another broker holds or bought the lead, or this broker already bought it.</summary>
public sealed class LeadTakenException() : DomainException("Lead already taken");

/// <summary>The broker holds as many leads as allowed; <see cref="RetryAfter"/> is when the first of his holds ends.</summary>
public sealed class HoldLimitException(int limit, TimeSpan? retryAfter = null)
    : DomainException($"Vous avez déjà {limit} leads en réservation : payez-en ou libérez-en un.")
{
    public TimeSpan? RetryAfter { get; } = retryAfter;
}

/// <summary>The broker's account is no longer active (suspended since his page opened): he can hold nothing.</summary>
public sealed class AccountNotActiveException()
    : DomainException("Votre compte n'est pas actif : vous ne pouvez plus réserver de lead. Contactez l'administrateur.");

/// <summary>The lead's product requires its buyers to be named among the consent's partners, and this broker is not.</summary>
public sealed class NamedPartnerRequiredException()
    : DomainException("Ce produit exige que vous soyez cité parmi les partenaires du consentement, et ce lead ne vous nomme pas "
        + "(ni votre raison sociale, ni vos noms commerciaux déclarés, ni votre numéro ORIAS) : vous ne pouvez pas l'acheter. "
        + "Vérifiez vos noms commerciaux dans « Mon compte ».");

/// <summary>The hold ended (expired or cancelled) before payment.</summary>
public sealed class HoldExpiredException() : DomainException("La réservation a expiré : le lead a été remis en vente.");

/// <summary>The wallet does not cover the price; the hold stays until it expires.</summary>
public sealed class InsufficientCreditsException(decimal balance, decimal price)
    : DomainException($"Crédits insuffisants : solde {balance:0.00} €, prix {price:0.00} €.")
{
    public decimal Balance { get; } = balance;
    public decimal Price { get; } = price;
}

/// <summary>The lead's consent passed its validity while it was held: it cannot be sold; the hold is released, nothing charged.</summary>
public sealed class ConsentExpiredException()
    : DomainException("Le consentement de ce lead a dépassé 30 jours : il ne peut plus être vendu. La réservation est levée, rien n'a été débité.");
