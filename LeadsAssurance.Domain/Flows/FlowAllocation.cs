using System.Text.Json;

namespace LeadsAssurance.Domain.Flows;

/// <summary>One purchase a flow makes at ingestion: the broker's balance after it, in the order they are booked.</summary>
internal sealed record FlowTake(RoutableLead Lead, FlowCandidate Flow, decimal BalanceAfter);

/// <summary>
/// Who buys which lead of a batch, decided in memory over the batch's leads and the locked rows of the flows and
/// balances, so the database sees a few set-based statements per batch. Leads go in batch order; each is offered to
/// the flows of its product by priority (higher first), then by turn (the flow served longest ago first: round robin
/// among equals). An exclusive lead goes to one flow; a shared one to at most its places, each to a different broker.
/// A flow past a cap is skipped; a flow whose broker cannot pay the lead is skipped and paused.
/// </summary>
internal sealed class FlowAllocation
{
    private static readonly JsonElement NoAttributes = JsonDocument.Parse("{}").RootElement;

    private readonly Dictionary<string, SortedSet<FlowCandidate>> _byProduct = [];
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
            foreach (var product in flow.ProductCodes.Distinct())
            {
                if (!_byProduct.TryGetValue(product, out var set))
                    _byProduct[product] = set = new SortedSet<FlowCandidate>(Order.Instance);
                set.Add(flow);
            }
    }

    public FlowAllocation Run(IEnumerable<RoutableLead> leads, DateTimeOffset now)
    {
        var chosen = new List<FlowCandidate>();
        var brokers = new HashSet<Guid>();
        var leaving = new List<FlowCandidate>();
        foreach (var lead in leads)
        {
            if (!_byProduct.TryGetValue(lead.ProductCode, out var flows) || flows.Count == 0)
                continue;
            chosen.Clear();
            brokers.Clear();
            leaving.Clear();
            using var document = Parse(lead.Attributes);
            var attributes = document?.RootElement ?? NoAttributes;
            foreach (var flow in flows)
            {
                if (flow.CapReached)
                {
                    leaving.Add(flow);
                    continue;
                }
                if (brokers.Contains(flow.BrokerId) || !flow.WithinSpendCap(lead.Price) || !flow.Matches(lead, attributes, now))
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

    private static JsonDocument? Parse(string attributes)
    {
        try
        {
            return JsonDocument.Parse(attributes);
        }
        catch (JsonException)
        {
            return null; // validated at ingestion; a flow with attribute filters simply does not match
        }
    }

    private void Add(FlowCandidate flow)
    {
        foreach (var product in flow.ProductCodes)
            if (_byProduct.TryGetValue(product, out var set))
                set.Add(flow);
    }

    private void Remove(FlowCandidate flow)
    {
        foreach (var product in flow.ProductCodes)
            if (_byProduct.TryGetValue(product, out var set))
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
