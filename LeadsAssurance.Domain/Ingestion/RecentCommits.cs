namespace LeadsAssurance.Domain.Ingestion;

/// <summary>A committed lead as the 30-day dedupe sees it.</summary>
internal readonly record struct CommittedLead(string ProductCode, string Phone, string Email, DateTimeOffset CreatedAt);

/// <summary>
/// The last batches this process committed, by their consent chain positions. A batch probes for duplicates before
/// it takes the chain lock; under the lock it only has to look at what was committed since, and when that was this
/// process's own previous batches (an import's pipeline, the group commit of single leads), it is found here instead
/// of in the database.
/// </summary>
internal sealed class RecentCommits(int capacity)
{
    private readonly Lock _gate = new();
    private readonly Queue<(long From, long To, CommittedLead[] Leads)> _batches = new();

    /// <summary>Records a committed batch that took the positions <paramref name="from"/> to <paramref name="to"/>.</summary>
    public void Add(long from, long to, CommittedLead[] leads)
    {
        lock (_gate)
        {
            _batches.Enqueue((from, to, leads));
            while (_batches.Count > capacity)
                _batches.Dequeue();
        }
    }

    /// <summary>The leads of the positions (<paramref name="after"/>, <paramref name="upTo"/>], if this process committed every one of them.</summary>
    public bool TryGetBetween(long after, long upTo, out List<CommittedLead> leads)
    {
        leads = [];
        lock (_gate)
        {
            var next = after + 1;
            foreach (var (from, to, batch) in _batches)
            {
                if (to < next)
                    continue;
                if (from != next)
                    return false; // another node, another process or a lost record took positions in between
                leads.AddRange(batch);
                next = to + 1;
                if (next > upTo)
                    return true;
            }
            return next > upTo;
        }
    }
}
