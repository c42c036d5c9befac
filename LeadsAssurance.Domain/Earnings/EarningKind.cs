namespace LeadsAssurance.Domain.Earnings;

/// <summary>Why a provider's earnings moved.</summary>
public enum EarningKind
{
    /// <summary>A place of one of his leads was sold: the price less the commission.</summary>
    Sale,
    /// <summary>An accepted dispute gave that place back: the sale's line reversed.</summary>
    Return,
    /// <summary>The platform paid him by bank transfer.</summary>
    Payout,
}
