using LeadsAssurance.Domain.Email;
using LeadsAssurance.Domain.Leads;
using LeadsAssurance.Domain.Market;
using Microsoft.Extensions.Options;
using Npgsql;

namespace LeadsAssurance.Domain.Flows;

/// <summary>What routing a batch did, to apply to the market after commit.</summary>
public sealed record FlowRouting(IReadOnlyDictionary<Guid, int> PlacesTaken, IReadOnlyList<MarketEvent> Events)
{
    public static readonly FlowRouting None = new(new Dictionary<Guid, int>(), []);
}

/// <summary>An allocation decided under the flows' and wallets' locks, waiting to be booked (<see cref="FlowRouter.BookAsync"/>).</summary>
internal sealed record FlowPlan(FlowAllocation Allocation, Dictionary<Guid, FlowSql.Broker> Brokers, FlowCalendar Calendar);

/// <summary>
/// Offers the leads an ingestion batch accepted to the matching active flows, inside the batch's transaction and under
/// its consent chain lock, before the market sees them. Every ingestion path (form, API single and bulk, CSV import)
/// commits through <see cref="Ingestion.LeadIngestion.CommitAsync"/>, which calls this, so the chain lock also
/// serialises routing: two batches never allocate at once. Per batch: one read of the active flows, one round trip
/// of locks (wallets, then flow rows) and fresh reads, the allocation in memory (<see cref="FlowAllocation"/>), one
/// round trip of set-based writes. A purchase here is a market purchase's twin: a purchase row (with its flow), a
/// ledger debit under the wallet lock (the running balance never below zero), and a delivery for the webhook sender.
/// </summary>
public sealed class FlowRouter(EmailTemplates emails, Catalog.CatalogService catalog, IOptions<MarketOptions> marketOptions, IOptions<EmailOptions> emailOptions)
{
    /// <summary>Routes leads already written in the transaction: <see cref="PlanAsync"/>, then <see cref="BookAsync"/>.</summary>
    internal async Task<FlowRouting> RouteAsync(NpgsqlConnection connection, IReadOnlyList<Lead> leads, DateTimeOffset now, CancellationToken ct)
    {
        var plan = await PlanAsync(connection, leads, now, ct);
        return plan is null ? FlowRouting.None : await BookAsync(connection, plan, leads, [.. plan.Allocation.PlacesTaken], now, ct);
    }

    /// <summary>
    /// Without locks, for an ingestion batch's staging: the places flows will most likely buy, by the allocation run on
    /// an unlocked read of the flows, their brokers' balances and the turn. Ingestion copies the leads with these places
    /// counted, while the previous batch commits, instead of updating each lead sold after routing (a non-HOT update
    /// of a row just written, under the chain lock). Only a prediction: <see cref="PlanAsync"/> decides under the locks,
    /// and the leads it allocates otherwise (a flow paused, capped or out of credits meanwhile) are corrected then.
    /// </summary>
    internal async Task<Dictionary<Guid, int>> PredictAsync(NpgsqlConnection connection, IReadOnlyList<Lead> leads, DateTimeOffset now, CancellationToken ct)
    {
        var routable = await RoutableAsync(leads, now, ct);
        if (routable.Count == 0)
            return [];
        var (_, open, scored) = await OpenFlowsAsync(connection, routable, FlowCalendar.At(now), now, ct);
        if (open.Count == 0)
            return [];
        var (balances, turn) = await FlowSql.SnapshotAsync(connection, [.. open.Select(f => f.BrokerId).Distinct()], ct);
        return new FlowAllocation(open, balances, turn).Run(scored, now).PlacesTaken;
    }

    /// <summary>
    /// Reads the flows that would buy a lead of the batch, locks them and their brokers' wallets, and allocates the
    /// leads (in memory): the leads' entities count the places flows take. Null when no flow takes anything.
    /// </summary>
    internal async Task<FlowPlan?> PlanAsync(NpgsqlConnection connection, IReadOnlyList<Lead> leads, DateTimeOffset now, CancellationToken ct)
    {
        var routable = await RoutableAsync(leads, now, ct);
        if (routable.Count == 0)
            return null;
        var calendar = FlowCalendar.At(now);
        // Only the flows that would buy a lead of this batch are locked (and their brokers' wallets): a single lead locks
        // the few flows of its product and place, not every active flow of the platform.
        (var active, var open, routable) = await OpenFlowsAsync(connection, routable, calendar, now, ct);
        if (open.Count == 0)
            return null;

        var (flows, brokers, turn, namedPartnerProducts) = await FlowSql.LockAsync(connection, [.. open.Select(f => f.Id)], [.. open.Select(f => f.BrokerId).Distinct()], calendar, ct);
        // Read again under the locks: a flow paused, edited or capped meanwhile is seen as it is now.
        flows = [.. flows.Where(f => Buys(f, calendar) && brokers.ContainsKey(f.BrokerId))];
        // The products' naming requirement as it is now, not as the catalogue's cache last read it.
        routable = [.. routable.Select(l => l with { RequiresNamedPartner = namedPartnerProducts.Contains(l.ProductCode) })];
        // A flow given a minimum score since the unlocked read.
        if (!AsksScore(active) && AsksScore(flows))
            routable = await WithScoresAsync(connection, routable, ct);
        var allocation = new FlowAllocation(flows, brokers.ToDictionary(b => b.Key, b => b.Value.Balance), turn).Run(routable, now);
        if (allocation.Takes.Count == 0 && allocation.Starved.Count == 0)
            return null;
        foreach (var lead in leads)
            if (allocation.PlacesTaken.TryGetValue(lead.Id, out var places))
                lead.SoldToFlows(places, now);
        return new FlowPlan(allocation, brokers, calendar);
    }

    /// <summary>
    /// Books a plan in one round trip once every lead of the batch is in the table: purchases, ledger debits, deliveries,
    /// counters, paused flows, e-mails, and the changes <paramref name="soldPlaces"/> to the sold places of leads in the
    /// table (each lead's places minus those it was copied with). Returns the events to publish after commit.
    /// </summary>
    internal async Task<FlowRouting> BookAsync(NpgsqlConnection connection, FlowPlan plan, IReadOnlyList<Lead> leads,
        IReadOnlyList<KeyValuePair<Guid, int>> soldPlaces, DateTimeOffset now, CancellationToken ct)
    {
        var (allocation, brokers) = (plan.Allocation, plan.Brokers);
        var purchaseIds = allocation.Takes.Select(_ => Guid.CreateVersion7(now)).ToList();
        var deliveryIds = allocation.Takes.Select(_ => Guid.CreateVersion7(now)).ToList();
        var finalBalances = allocation.Takes.GroupBy(t => t.Flow.BrokerId).ToDictionary(g => g.Key, g => g.Last().BalanceAfter);
        var mail = Emails(allocation, brokers, finalBalances, now);
        if (allocation.Takes.Any(t => brokers[t.Flow.BrokerId] is { Notifications: FlowNotifications.EachDelivery, Email: not null }))
            mail.AddRange(DeliveryEmails(allocation, brokers, leads, await catalog.ListAsync(ct: ct), now));
        var entries = await FlowSql.WriteAsync(connection, allocation, soldPlaces, purchaseIds, deliveryIds, plan.Calendar, now, mail, ct);

        var events = new List<MarketEvent>();
        for (var k = 0; k < allocation.Takes.Count; k++)
        {
            var take = allocation.Takes[k];
            events.Add(new FlowDelivered(take.Flow.Id, take.Flow.BrokerId, take.Lead.Id, purchaseIds[k], deliveryIds[k], take.Lead.Price, take.Lead.ProductCode, now));
        }
        foreach (var flow in allocation.Starved)
            events.Add(new FlowStatusChanged(flow.Id, flow.BrokerId, FlowStatus.Paused, Flow.PausedForCredits, now));
        // Each wallet's last entry of the batch carries its final balance (entries are booked in allocation order).
        foreach (var last in entries.GroupBy(e => e.Account).Select(g => g.MaxBy(e => e.Id)))
            events.Add(new BalanceChanged(last.Account, last.Id, finalBalances[last.Account], now));
        return new FlowRouting(allocation.PlacesTaken, events);
    }

    /// <summary>
    /// The leads a flow may buy: a lead past the consent's validity is not sold (Code des assurances R112-7), by a flow
    /// no more than in the market. The market's own rule (LeadSaleRule): a new lead has no buyer or hold yet, so "on
    /// sale" is the whole question. A flow buys at the lead's price now (LeadPriceRule), as a broker holding it now would.
    /// </summary>
    private async Task<List<RoutableLead>> RoutableAsync(IReadOnlyList<Lead> leads, DateTimeOffset now, CancellationToken ct)
    {
        var cutoff = Market.LeadSaleRule.ConsentCutoff(now, marketOptions.Value.ConsentValidity);
        // The cached catalogue for the unlocked reads; PlanAsync reads the requirement again under the locks.
        var named = (await catalog.ListAsync(ct: ct)).Where(p => p.RequireNamedPartner).Select(p => p.Code).ToHashSet();
        return [.. leads.Where(l => Market.LeadSaleRule.IsOnSale(l, cutoff))
            .Select(l => new RoutableLead(l.Id, l.ProductCode, l.Departement, LeadPriceRule.CurrentPrice(l, now), l.MaxBuyers, l.ConsentCapturedAt,
                RoutableLead.Parse(l.Attributes), l.ProviderId, Providers.ProviderScore.Neutral.Stars, l.PartnerKeys,
                named.Contains(l.ProductCode)))];
    }

    /// <summary>
    /// Unlocked: the active flows of the leads' products and places, those open now that match one of them, and the leads
    /// with their providers' scores when a flow asks for one (a few index lookups on their daily counters; otherwise every
    /// lead carries the neutral score, which no flow reads).
    /// </summary>
    private static async Task<(List<FlowCandidate> Active, List<FlowCandidate> Open, List<RoutableLead> Leads)> OpenFlowsAsync(
        NpgsqlConnection connection, List<RoutableLead> routable, FlowCalendar calendar, DateTimeOffset now, CancellationToken ct)
    {
        var active = await FlowSql.ActiveFlowsAsync(connection, [.. routable.Select(l => l.ProductCode).Distinct()],
            [.. routable.Select(l => l.Departement).Distinct()], calendar, ct);
        if (AsksScore(active))
            routable = await WithScoresAsync(connection, routable, ct);
        return (active, Matching(active, routable, calendar, now), routable);
    }

    private static bool AsksScore(IEnumerable<FlowCandidate> flows) => flows.Any(f => f.MinProviderScore is not null);

    private static async Task<List<RoutableLead>> WithScoresAsync(NpgsqlConnection connection, List<RoutableLead> routable, CancellationToken ct)
    {
        var scores = await Providers.ProviderScores.ReadAsync(connection, [.. routable.Select(l => l.ProviderId).Distinct()], ct);
        return [.. routable.Select(l => l with { ProviderScore = scores[l.ProviderId].Stars })];
    }

    private static (ILookup<(string, string), RoutableLead> ByPlace, ILookup<string, RoutableLead> ByProduct) Index(List<RoutableLead> leads) =>
        (leads.ToLookup(l => (l.ProductCode, l.Departement)), leads.ToLookup(l => l.ProductCode));

    /// <summary>The leads of a flow's products in its départements (all of them for a nationwide flow), before its other criteria.</summary>
    private static IEnumerable<RoutableLead> Candidates(FlowCandidate flow, ILookup<(string, string), RoutableLead> byPlace, ILookup<string, RoutableLead> byProduct) =>
        flow.Departements.Count == 0
            ? flow.ProductCodes.SelectMany(p => byProduct[p])
            : flow.ProductCodes.SelectMany(p => flow.Departements.SelectMany(d => byPlace[(p, d)]));

    /// <summary>The flows open now that match at least one of the leads on their criteria (unlocked rows: checked again under the locks).</summary>
    private static List<FlowCandidate> Matching(List<FlowCandidate> flows, List<RoutableLead> leads, FlowCalendar calendar, DateTimeOffset now)
    {
        var (byPlace, byProduct) = Index(leads);
        return [.. flows.Where(f => Buys(f, calendar) && Candidates(f, byPlace, byProduct).Any(l => f.Matches(l, now)))];
    }

    /// <summary>Open by its schedule now, and below its count caps this period.</summary>
    private static bool Buys(FlowCandidate flow, FlowCalendar calendar) =>
        calendar.IsOpen(flow.ScheduleDays, flow.ScheduleFrom, flow.ScheduleTo) && !flow.CapReached;

    /// <summary>Most leads one delivery e-mail lists; the rest are counted ("et 12 autres").</summary>
    private const int LeadsPerEmail = 25;

    /// <summary>
    /// For brokers who asked for an e-mail per delivery: one message per batch listing what his flows bought (an import
    /// that feeds his flows 300 leads sends one e-mail, not 300), queued in the batch's transaction.
    /// </summary>
    private List<OutboundEmail> DeliveryEmails(FlowAllocation allocation, Dictionary<Guid, FlowSql.Broker> brokers, IReadOnlyList<Lead> leads,
        IReadOnlyList<Catalog.ProductSummary> products, DateTimeOffset now)
    {
        var byId = leads.ToDictionary(l => l.Id);
        var labels = products.ToDictionary(p => p.Code, p => p.Label);
        var mail = new List<OutboundEmail>();
        foreach (var takes in allocation.Takes.GroupBy(t => t.Flow.BrokerId))
        {
            if (brokers[takes.Key] is not { Notifications: FlowNotifications.EachDelivery, Email: { } email } broker)
                continue;
            var lines = takes.Take(LeadsPerEmail).Select(take => byId[take.Lead.Id] is var lead ? new DeliveredLeadLine(
                take.Flow.Name, labels.GetValueOrDefault(lead.ProductCode, lead.ProductCode), $"{lead.FirstName} {lead.LastName}",
                FrenchPhone.Display(lead.Phone), $"{lead.ZipCode} {lead.City}", take.Lead.Price) : null!).ToList();
            mail.Add(new OutboundEmail(Guid.CreateVersion7(now), email, emails.FlowLeadsDelivered(broker.CompanyName, lines, takes.Count() - lines.Count), now));
        }
        return mail;
    }

    /// <summary>
    /// In the batch's transaction, like the ledger's: a broker whose flows were paused for lack of credits hears it once
    /// per batch; one whose balance this batch took below the threshold gets the low-balance warning.
    /// </summary>
    private List<OutboundEmail> Emails(FlowAllocation allocation, Dictionary<Guid, FlowSql.Broker> brokers, Dictionary<Guid, decimal> finalBalances, DateTimeOffset now)
    {
        var mail = new List<OutboundEmail>();
        foreach (var starved in allocation.Starved.GroupBy(f => f.BrokerId))
        {
            var broker = brokers[starved.Key];
            if (broker.Email is null)
                continue;
            var names = starved.Select(f => f.Name).ToList();
            mail.Add(new OutboundEmail(Guid.CreateVersion7(now), broker.Email,
                emails.FlowPausedForCredits(broker.CompanyName, names, finalBalances.GetValueOrDefault(starved.Key, broker.Balance)), now));
        }
        var threshold = emailOptions.Value.LowBalanceThreshold;
        foreach (var (brokerId, after) in finalBalances)
        {
            var broker = brokers[brokerId];
            if (broker.Balance >= threshold && after < threshold && broker.Email is not null)
                mail.Add(new OutboundEmail(Guid.CreateVersion7(now), broker.Email, emails.LowBalance(broker.CompanyName, after, threshold), now));
        }
        return mail;
    }
}
