namespace LeadsAssurance.Domain.Flows;

/// <summary>One purchase a flow makes at ingestion: the broker's balance after it, in the order they are booked.</summary>
internal sealed record FlowTake(RoutableLead Lead, FlowCandidate Flow, decimal BalanceAfter);

/// <summary>
/// Who buys which lead of a batch, decided in memory over the batch's leads and the locked rows of the flows and
/// balances, so the database sees a few set-based statements per batch. Leads go in batch order; each is offered to
/// the flows of its product and département (and the product's nationwide flows) by priority (higher first), then by
/// turn (the flow served longest ago first: round robin among equals). An exclusive lead goes to one flow; a shared
/// one to at most its places, each to a different broker. A flow past a cap is skipped; a flow whose broker cannot pay
/// the lead is skipped and paused.
/// </summary>
internal sealed class FlowAllocation
{
    /// <summary>The département key of a nationwide flow (one without départements).</summary>
    private const string Nationwide = "";

    /// <summary>Flows by (product, département), each set in allocation order: a lead meets only the flows of its place.</summary>
    private readonly Dictionary<(string Product, string Departement), SortedSet<FlowCandidate>> _byPlace = [];
    private readonly Dictionary<Guid, decimal> _balances;
    private long _turn;

    public List<FlowTake> Takes { get; } = [];
    /// <summary>Flows whose broker could not pay a lead they matched.</summary>
    public List<FlowCandidate> Starved { get; } = [];
    /// <summary>Places bought per lead.</summary>
    public Dictionary<Guid, int> PlacesTaken { get; } = [];

    /// <param name="turn">The highest turn given so far to any flow; the flows served here get the next ones.</param>
    public FlowAllocation(IEnumerable<FlowCandidate> flows, Dictionary<Guid, decimal> balances, long turn)
    {
        _balances = balances;
        _turn = turn;
        foreach (var flow in flows)
            Add(flow);
    }

    private static IEnumerable<string> Places(FlowCandidate flow) => flow.Departements.Count == 0 ? [Nationwide] : flow.Departements;

    /// <summary>The flows that may buy the lead, in allocation order: its département's and its product's nationwide ones, merged.</summary>
    private IEnumerable<FlowCandidate> Candidates(RoutableLead lead)
    {
        var local = _byPlace.GetValueOrDefault((lead.ProductCode, lead.Departement));
        var national = _byPlace.GetValueOrDefault((lead.ProductCode, Nationwide));
        if (local is not { Count: > 0 })
            return national ?? [];
        if (national is not { Count: > 0 })
            return local;
        return Merge(local, national);
    }

    private static IEnumerable<FlowCandidate> Merge(SortedSet<FlowCandidate> a, SortedSet<FlowCandidate> b)
    {
        using var x = a.GetEnumerator();
        using var y = b.GetEnumerator();
        bool hasX = x.MoveNext(), hasY = y.MoveNext();
        while (hasX || hasY)
        {
            if (hasX && (!hasY || Order.Instance.Compare(x.Current, y.Current) <= 0))
            {
                yield return x.Current;
                hasX = x.MoveNext();
            }
            else
            {
                yield return y.Current;
                hasY = y.MoveNext();
            }
        }
    }

    public FlowAllocation Run(IEnumerable<RoutableLead> leads, DateTimeOffset now)
    {
        var chosen = new List<FlowCandidate>();
        var brokers = new HashSet<Guid>();
        var leaving = new List<FlowCandidate>();
        foreach (var lead in leads)
        {
            chosen.Clear();
            brokers.Clear();
            leaving.Clear();
            foreach (var flow in Candidates(lead))
            {
                if (flow.CapReached)
                {
                    leaving.Add(flow);
                    continue;
                }
                if (brokers.Contains(flow.BrokerId) || !flow.WithinSpendCap(lead.Price) || !flow.Matches(lead, now))
                    continue;
                var balance = _balances.GetValueOrDefault(flow.BrokerId);
                if (balance < lead.Price)
                {
                    Starved.Add(flow);
                    leaving.Add(flow);
                    continue;
                }
                _balances[flow.BrokerId] = balance - lead.Price;
                Takes.Add(new FlowTake(lead, flow, balance - lead.Price));
                chosen.Add(flow);
                brokers.Add(flow.BrokerId);
                if (chosen.Count == lead.MaxBuyers)
                    break;
            }
            foreach (var flow in leaving)
                Remove(flow);
            if (chosen.Count == 0)
                continue;
            PlacesTaken[lead.Id] = chosen.Count;
            foreach (var flow in chosen)
            {
                // Out of the sorted sets while its turn changes, then back at the end of its priority.
                Remove(flow);
                flow.Turn = ++_turn;
                flow.DayCount++;
                flow.WeekCount++;
                flow.MonthCount++;
                flow.MonthSpend += lead.Price;
                flow.Taken++;
                Add(flow);
            }
        }
        return this;
    }

    private void Add(FlowCandidate flow)
    {
        foreach (var product in flow.ProductCodes.Distinct())
            foreach (var place in Places(flow))
            {
                if (!_byPlace.TryGetValue((product, place), out var set))
                    _byPlace[(product, place)] = set = new SortedSet<FlowCandidate>(Order.Instance);
                set.Add(flow);
            }
    }

    private void Remove(FlowCandidate flow)
    {
        foreach (var product in flow.ProductCodes.Distinct())
            foreach (var place in Places(flow))
                if (_byPlace.TryGetValue((product, place), out var set))
                    set.Remove(flow);
    }

    /// <summary>Priority descending, then turn ascending (served longest ago first), then id for a total order.</summary>
    private sealed class Order : IComparer<FlowCandidate>
    {
        public static readonly Order Instance = new();

        public int Compare(FlowCandidate? x, FlowCandidate? y)
        {
            if (ReferenceEquals(x, y))
                return 0;
            var c = y!.Priority.CompareTo(x!.Priority);
            if (c == 0)
                c = x.Turn.CompareTo(y.Turn);
            return c != 0 ? c : x.Id.CompareTo(y.Id);
        }
    }
}
