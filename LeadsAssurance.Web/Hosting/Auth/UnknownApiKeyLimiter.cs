using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace LeadsAssurance.Web.Hosting.Auth;

/// <summary>
/// Counts requests with an unknown or revoked API key per client address (RateLimits:UnknownApiKeys). Once an
/// address has spent its budget, its keys are refused with 429 before any lookup, so guessing keys costs the
/// database nothing and gets nowhere; a valid key from that address waits with the rest.
/// </summary>
public sealed class UnknownApiKeyLimiter : IDisposable
{
    /// <summary>The name 429 answers give this budget.</summary>
    public const string Policy = "unknown-api-keys";

    private readonly PartitionedRateLimiter<string> _limiter;

    public UnknownApiKeyLimiter(IOptions<RateLimitOptions> options)
    {
        var limit = options.Value.UnknownApiKeys;
        _limiter = PartitionedRateLimiter.Create<string, string>(client =>
            RateLimitPartition.GetFixedWindowLimiter(client, _ => limit.ToLimiterOptions()));
    }

    /// <summary>How long the client must wait when it has no budget left, else null. Spends nothing.</summary>
    public TimeSpan? WaitBeforeTrying(string client)
    {
        using var lease = _limiter.AttemptAcquire(client, 0);
        return lease.IsAcquired ? null : RetryAfter(lease);
    }

    /// <summary>Spends one unit of the client's budget on an unknown key; how long it must now wait if that was its last.</summary>
    public TimeSpan? CountUnknownKey(string client)
    {
        using var lease = _limiter.AttemptAcquire(client);
        return lease.IsAcquired ? null : RetryAfter(lease);
    }

    public void Dispose() => _limiter.Dispose();

    private static TimeSpan RetryAfter(RateLimitLease lease) =>
        lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
}
