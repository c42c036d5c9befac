using System.Threading.RateLimiting;

namespace LeadsAssurance.Web.Hosting;

/// <summary>
/// The "RateLimits" section. Every limit is counted by the node that serves the request: behind a balancer with N
/// nodes a client may get up to N times a budget through.
/// </summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    /// <summary>Token bucket per account on <c>/api/v1/leads</c>.</summary>
    public TokenBucketLimit ProviderApi { get; set; } = new();

    /// <summary>Sign-in form posts (password, two-factor and recovery codes) per client address.</summary>
    public WindowLimit Login { get; set; } = new() { PermitLimit = 20, Window = TimeSpan.FromMinutes(1) };

    /// <summary>Registration form posts per client address.</summary>
    public WindowLimit Registration { get; set; } = new() { PermitLimit = 10, Window = TimeSpan.FromHours(1) };

    /// <summary>Form posts that send an e-mail on request (forgotten password, confirmation again) per client address.</summary>
    public WindowLimit ForgotPassword { get; set; } = new() { PermitLimit = 5, Window = TimeSpan.FromMinutes(15) };

    /// <summary>Posts of the public privacy page (requests and one-time codes) per client address.</summary>
    public WindowLimit PrivacyRequests { get; set; } = new() { PermitLimit = 10, Window = TimeSpan.FromMinutes(15) };

    /// <summary>Public consent checks (<c>/verify/*</c> pages and <c>/api/v1/consents/*</c>) per client address.</summary>
    public WindowLimit ConsentChecks { get; set; } = new() { PermitLimit = 60, Window = TimeSpan.FromMinutes(1) };

    /// <summary>Requests carrying an unknown or revoked API key, per client address.</summary>
    public WindowLimit UnknownApiKeys { get; set; } = new() { PermitLimit = 20, Window = TimeSpan.FromMinutes(1) };

    public IEnumerable<(string Name, WindowLimit Limit)> Windows() =>
    [
        (nameof(Login), Login), (nameof(Registration), Registration), (nameof(ForgotPassword), ForgotPassword),
        (nameof(ConsentChecks), ConsentChecks), (nameof(UnknownApiKeys), UnknownApiKeys), (nameof(PrivacyRequests), PrivacyRequests),
    ];

    /// <summary>At most <see cref="PermitLimit"/> requests per <see cref="Window"/> (a fixed window).</summary>
    public sealed class WindowLimit
    {
        public int PermitLimit { get; set; }
        public TimeSpan Window { get; set; }

        public FixedWindowRateLimiterOptions ToLimiterOptions() =>
            new() { PermitLimit = PermitLimit, Window = Window, QueueLimit = 0, AutoReplenishment = true };
    }

    /// <summary><see cref="PermitsPerMinute"/> on average, up to <see cref="Burst"/> at once.</summary>
    public sealed class TokenBucketLimit
    {
        public int PermitsPerMinute { get; set; } = 600;
        public int Burst { get; set; } = 100;
    }
}
