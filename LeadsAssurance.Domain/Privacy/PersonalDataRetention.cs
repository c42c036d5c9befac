using Microsoft.Extensions.Options;

namespace LeadsAssurance.Domain.Privacy;

/// <summary>What one run of the retention purge erased.</summary>
public sealed record RetentionResult(int Unsold, int Sold, int Batches);

/// <summary>
/// The retention rule (GDPR art. 5(1)(e)): an unsold lead's identity goes once its consent can no longer be used
/// (<see cref="PrivacyOptions.UnsoldRetention"/>), a sold lead's <see cref="PrivacyOptions.SoldRetention"/> after its last
/// purchase. Erased like a person's request, in batches of one transaction each, so the proofs stay verifiable.
/// </summary>
public sealed class PersonalDataRetention(ErasureService erasures, IOptions<PrivacyOptions> options, TimeProvider time)
{
    public async Task<RetentionResult> PurgeAsync(CancellationToken ct = default)
    {
        var o = options.Value;
        var now = time.GetUtcNow();
        var batches = 0;
        async Task<int> DrainAsync(bool sold, DateTimeOffset cutoff)
        {
            var total = 0;
            while (true)
            {
                var erased = await erasures.PurgeBatchAsync(sold, cutoff, o.RetentionBatchSize, ct);
                if (erased == 0)
                    return total;
                batches++;
                total += erased;
                if (erased < o.RetentionBatchSize)
                    return total;
            }
        }
        var unsold = await DrainAsync(sold: false, now - o.UnsoldRetention);
        var sold = await DrainAsync(sold: true, now - o.SoldRetention);
        return new RetentionResult(unsold, sold, batches);
    }
}
