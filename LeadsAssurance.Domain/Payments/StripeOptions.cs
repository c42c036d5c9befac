using System.ComponentModel.DataAnnotations;

namespace LeadsAssurance.Domain.Payments;

/// <summary>
/// Stripe settings (configuration section "Stripe"). Card payment is offered only when both the secret key and the
/// webhook secret are set; everything else works without them.
/// </summary>
public sealed class StripeOptions
{
    public const string Section = "Stripe";

    /// <summary>sk_test_… or sk_live_…; from configuration or the environment, never from the repository.</summary>
    public string? SecretKey { get; set; }

    /// <summary>whsec_… of the webhook endpoint (or of <c>stripe listen</c>).</summary>
    public string? WebhookSecret { get; set; }

    /// <summary>Another API address, for a local fake in tests.</summary>
    public string? ApiBase { get; set; }

    [Range(1, 100_000)]
    public decimal MinTopUp { get; set; } = 20m;

    [Range(1, 1_000_000)]
    public decimal MaxTopUp { get; set; } = 5_000m;

    /// <summary>Stripe's own floor for a euro charge.</summary>
    public decimal MinCardCharge { get; set; } = 0.50m;

    /// <summary>Oldest accepted webhook signature timestamp.</summary>
    public TimeSpan WebhookTolerance { get; set; } = TimeSpan.FromMinutes(5);

    public bool IsConfigured => !string.IsNullOrWhiteSpace(SecretKey) && !string.IsNullOrWhiteSpace(WebhookSecret);
}
