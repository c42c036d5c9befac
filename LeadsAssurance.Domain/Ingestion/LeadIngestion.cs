using LeadsAssurance.Domain.Data;
using LeadsAssurance.Domain.Consent;
using LeadsAssurance.Domain.Leads;
using LeadsAssurance.Domain.Market;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace LeadsAssurance.Domain.Ingestion;

/// <summary>
/// The connections ingestion writes through: a pool of its own whose write buffer holds a whole batch's COPY data, so
/// PostgreSQL receives it in a few large writes instead of one every few rows. All ingestion transactions queue on the
/// consent chain lock, so a small pool is enough.
/// </summary>
/// <summary>
/// The one way leads enter the platform (form, CSV import, API): validation (<see cref="LeadValidator"/>), dedupe,
/// the consent chain, the leads and their consent records written in one transaction, and <see cref="LeadListed"/>
/// published after commit.
/// </summary>
/// <remarks>
/// Each batch locks the consent chain head first. That serialises ingestions, which makes the dedupe check exact
/// (no two concurrent batches can both accept the same phone) and the chain linear; rows are written with binary COPY.
/// </remarks>
public sealed partial class LeadIngestion(
    DatabaseConnections connections, LeadValidator validator, MarketListing listing, MarketEventBus events, Flows.FlowRouter router,
    Privacy.Opposition.ContactDigests digests, Partners.PartnerLists partnerLists, TimeProvider time, ILogger<LeadIngestion> logger)
{
    public const int MaxBatch = 1000;
    /// <summary>The largest batch one transaction writes (a CSV import's batch); the API takes <see cref="MaxBatch"/> per call.</summary>
    public const int MaxTransactionBatch = 5000;
    public static readonly TimeSpan DedupeWindow = TimeSpan.FromDays(30);

    private readonly System.Threading.Channels.Channel<PendingLead> _singles =
        System.Threading.Channels.Channel.CreateUnbounded<PendingLead>(new() { SingleReader = true });
    private int _writerStarted;

    private sealed record PendingLead(Guid ProviderId, PreparedBatch Batch, TaskCompletionSource<IngestionResult> Done);

    /// <summary>
    /// One lead (form, API). Validated on the caller's thread, then written with the other single leads waiting at
    /// that moment in one transaction (group commit): the chain lock is taken once per group instead of once per lead.
    /// </summary>
    public async Task<IngestionResult> IngestAsync(Guid providerId, LeadSubmission submission, CancellationToken ct = default)
    {
        var prepared = await PrepareAsync(providerId, [submission], null, ct);
        var pending = new PendingLead(providerId, prepared, new TaskCompletionSource<IngestionResult>(TaskCreationOptions.RunContinuationsAsynchronously));
        if (Interlocked.Exchange(ref _writerStarted, 1) == 0)
            _ = Task.Run(WriteSinglesAsync);
        _singles.Writer.TryWrite(pending);
        return await pending.Done.Task.WaitAsync(ct);
    }

    private async Task WriteSinglesAsync()
    {
        var group = new List<PendingLead>(MaxBatch);
        while (await _singles.Reader.WaitToReadAsync())
        {
            group.Clear();
            while (group.Count < MaxBatch && _singles.Reader.TryRead(out var pending))
                group.Add(pending);
            foreach (var byProvider in group.GroupBy(p => p.ProviderId))
            {
                var items = byProvider.ToList();
                try
                {
                    var results = await WriteAsync(byProvider.Key, PreparedBatch.Combine([.. items.Select(i => i.Batch)]), null);
                    for (var k = 0; k < items.Count; k++)
                        items[k].Done.TrySetResult(results[k]);
                }
                catch (Exception e)
                {
                    logger.LogError(e, "Writing {Count} lead(s) failed", items.Count);
                    foreach (var item in items)
                        item.Done.TrySetException(e);
                }
            }
        }
    }

    /// <summary>Ingests up to <see cref="MaxBatch"/> submissions in one transaction; returns one result per submission, in order.</summary>
    public async Task<IReadOnlyList<IngestionResult>> IngestManyAsync(Guid providerId, IReadOnlyList<LeadSubmission> submissions, CancellationToken ct = default) =>
        await WriteAsync(providerId, await PrepareAsync(providerId, submissions, null, ct), null, ct);

    /// <summary>
    /// Validates a batch on every core, and serialises each valid lead's consent for the chain (so that the write
    /// transaction, which holds the chain lock, only hashes). <paramref name="knownErrors"/>, when given, holds per
    /// submission the problems a caller found before (unreadable CSV cells): such a submission is invalid, with those
    /// problems and the rest.
    /// </summary>
    public async Task<PreparedBatch> PrepareAsync(Guid providerId, IReadOnlyList<LeadSubmission> submissions,
        IReadOnlyList<IReadOnlyDictionary<string, string[]>?>? knownErrors = null, CancellationToken ct = default)
    {
        if (submissions.Count > MaxTransactionBatch)
            throw new ArgumentException($"At most {MaxTransactionBatch} leads per batch.", nameof(submissions));
        var results = new IngestionResult?[submissions.Count];
        var valid = new ReadyLead?[submissions.Count];
        // The partner lists the batch names, in one query (none when no lead refers to one).
        var lists = await partnerLists.LatestAsync(providerId,
            [.. submissions.Select(s => s.Consent?.PartnerListId).OfType<Guid>().Distinct()], ct);
        async ValueTask ValidateOne(int i, CancellationToken token)
        {
            var (lead, errors) = await validator.ValidateAsync(submissions[i], token, lists);
            // Problems found before validation (a CSV cell that could not be read) make the row invalid, with the rest.
            if (knownErrors?[i] is { Count: > 0 } known)
                results[i] = IngestionResult.Invalid(IngestionResult.Merge(known, errors));
            else if (lead is null)
                results[i] = IngestionResult.Invalid(errors);
            else
            {
                var id = Guid.CreateVersion7(time.GetUtcNow());
                var (consent, hash) = ConsentChain.Prepare(id, providerId, lead.Product.Code, lead.Contact, lead.Consent);
                valid[i] = new ReadyLead(lead, id, consent, hash, digests.Phone(lead.Contact.Phone), digests.Email(lead.Contact.Email));
            }
        }
        if (submissions.Count < 32)
            for (var i = 0; i < submissions.Count; i++)
                await ValidateOne(i, ct);
        else
            await Parallel.ForEachAsync(Enumerable.Range(0, submissions.Count),
                new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = ct }, ValidateOne);
        return new PreparedBatch(results, [.. valid.Select((v, i) => (i, v)).Where(x => x.v is not null).Select(x => (x.i, x.v!))]);
    }

    /// <summary>
    /// Writes a prepared batch in one transaction: dedupe, leads, consent chain, counts and the caller's
    /// <paramref name="beforeCommit"/> (the CSV import records its progress there, so a crash loses nothing accepted
    /// and a resume skips exactly what was committed), then <see cref="LeadListed"/> after commit.
    /// </summary>
    public async Task<IReadOnlyList<IngestionResult>> WriteAsync(Guid providerId, PreparedBatch batch,
        Func<NpgsqlConnection, IReadOnlyList<IngestionResult>, Task>? beforeCommit, CancellationToken ct = default)
    {
        await using var staged = await StageAsync(providerId, batch, ct);
        return await CommitAsync(staged, beforeCommit, ct);
    }

    /// <summary>
    /// The first half of <see cref="WriteAsync"/>, which needs no lock: opens the batch's transaction and copies its
    /// leads (each phone and e-mail once per product) into the table, unseen by anyone until <see cref="CommitAsync"/>.
    /// The chain lock is taken only there, so the next batch's leads are copied while this one commits, and PostgreSQL
    /// works on both at once. Disposing a staged write that was not committed rolls it back.
    /// </summary>
    public async Task<StagedWrite> StageAsync(Guid providerId, PreparedBatch batch, CancellationToken ct = default)
    {
        var now = time.GetUtcNow();
        var connection = await connections.Ingestion.OpenConnectionAsync(ct);
        try
        {
            var tx = await connection.BeginTransactionAsync(ct);
            // The opposition list first: a listed contact is refused, never copied. CommitAsync checks again if the list
            // changed meanwhile.
            var (opposed, oppositionVersion) = await ProbeOppositionAsync(connection, tx, batch.Valid, ct);
            var seen = new HashSet<(string, string, string)>();
            var staged = new Dictionary<int, Lead>();
            foreach (var (index, ready) in batch.Valid)
            {
                if (opposed.Contains(index))
                    continue;
                var lead = ready.Lead;
                // A later row of the batch with the same phone or e-mail is a duplicate of this one (decided at commit).
                var (phone, email) = DedupeKeys(lead.Product.Code, lead.Contact.Phone, lead.Contact.Email);
                if (!seen.Add(phone) | !seen.Add(email))
                    continue;
                staged.Add(index, NewLead(ready, providerId, now, oppositionVersion));
            }
            // Probed before the batch's own leads are copied, and without the lock: CommitAsync adds what was committed since.
            var (earlier, probedAt) = await IngestionSql.EarlierLeadsAsync(connection, [.. batch.Valid.Select(v => v.Lead.Lead)], now - DedupeWindow, NoLeads, ct);
            // Copied with the places flows will most likely take (FlowRouter.PredictAsync), so routing rarely updates them.
            var predicted = staged.Count > 0 ? await router.PredictAsync(connection, [.. staged.Values], now, ct) : [];
            foreach (var lead in staged.Values)
                if (predicted.TryGetValue(lead.Id, out var places))
                    lead.SoldToFlows(places, now);
            if (staged.Count > 0)
                await IngestionSql.CopyLeadsAsync(connection, [.. staged.Values], ct);
            return new StagedWrite(providerId, batch, now, staged, predicted, seen, earlier, probedAt, opposed, oppositionVersion, connection, tx);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// The second half of <see cref="WriteAsync"/>, under the consent chain lock: the 30-day dedupe (exact: the staging
    /// probe's findings plus whatever was committed after it, which every ingestion does under this lock), staged leads
    /// found duplicate removed, the consent records linked and written, the leads offered to broker flows (<see cref="Flows.FlowRouter"/>), the counts, <paramref name="beforeCommit"/>, the
    /// commit, then <see cref="LeadListed"/> for the leads with places left.
    /// </summary>
    public async Task<IReadOnlyList<IngestionResult>> CommitAsync(StagedWrite write,
        Func<NpgsqlConnection, IReadOnlyList<IngestionResult>, Task>? beforeCommit, CancellationToken ct = default)
    {
        var (connection, results, now) = (write.Connection, write.Batch.Results, write.Now);
        var (head, oppositionVersion) = await IngestionSql.LockHeadAsync(connection, ct);
        var opposed = write.Opposed;
        if (oppositionVersion != write.OppositionVersion)
        {
            // The list grew since the staging probe: check again, now that no addition can slip in unseen (see
            // OppositionLists.WithdrawListedAsync), and record the version checked on the leads already copied.
            (opposed, oppositionVersion) = await ProbeOppositionAsync(connection, write.Transaction, write.Batch.Valid, ct);
            await IngestionSql.SetOppositionVersionAsync(connection, [.. write.Staged.Values.Select(l => l.Id)], oppositionVersion, ct);
        }
        var earlier = await EarlierAsync(write, head.Position, ct);
        var items = new List<(Lead Lead, ReadyLead Ready, int Index)>();
        var unstaged = new List<Lead>();
        var removed = new List<Guid>();
        foreach (var (index, ready) in write.Batch.Valid)
        {
            var lead = ready.Lead;
            var entity = write.Staged.GetValueOrDefault(index);
            if (opposed.Contains(index))
            {
                results[index] = OpposedResult;
                if (entity is not null)
                    removed.Add(entity.Id);
                continue;
            }
            if (Duplicate(earlier, lead) is { } duplicate)
            {
                results[index] = duplicate;
                if (entity is not null)
                    removed.Add(entity.Id);
                continue;
            }
            if (entity is null)
            {
                // Its twin in the batch turned out to be a duplicate of an earlier lead, so this row stands after all.
                entity = NewLead(ready, write.ProviderId, now, oppositionVersion);
                unstaged.Add(entity);
            }
            items.Add((entity, ready, index));
            // Later rows of the same batch are checked against this one.
            var (phone, email) = DedupeKeys(lead.Product.Code, lead.Contact.Phone, lead.Contact.Email);
            earlier.TryAdd(phone, now);
            earlier.TryAdd(email, now);
        }
        if (removed.Count > 0)
            await IngestionSql.DeleteLeadsAsync(connection, removed, ct);
        var records = ConsentChain.Link(head, items.Select(i => (i.Lead, i.Ready.Consent, i.Ready.Hash)), now);
        for (var k = 0; k < items.Count; k++)
            results[items[k].Index] = new IngestionResult(IngestionStatus.Accepted, items[k].Lead.Id, records[k].ProofHash);
        var routing = Flows.FlowRouting.None;
        // Broker flows buy first, in this transaction: a lead they take whole is never listed. The leads copied while
        // staging carry the places a prediction gave flows: routing decides afresh under the locks, and only the leads
        // it allocates otherwise are updated. The allocation runs before the leads not yet in the table are copied, so
        // those are written once with the places flows took.
        var leads = items.Select(i => i.Lead).ToList();
        foreach (var lead in leads)
            if (write.Predicted.ContainsKey(lead.Id))
                lead.UnsoldToFlows();
        var plan = leads.Count > 0 ? await router.PlanAsync(connection, leads, now, ct) : null;
        if (unstaged.Count > 0)
            await IngestionSql.CopyLeadsAsync(connection, unstaged, ct);
        if (items.Count > 0)
        {
            await IngestionSql.SaveSnapshotsAsync(connection, items.Select(i => i.Ready.Lead.PageSnapshot), now, ct);
            await IngestionSql.CopyConsentsAsync(connection, records, ct);
            await IngestionSql.MoveHeadAsync(connection, head, ct);
            // Each lead copied while staging is corrected by the places it got minus those predicted; the others were
            // copied with theirs.
            var fresh = unstaged.Select(l => l.Id).ToHashSet();
            var taken = plan?.Allocation.PlacesTaken ?? [];
            var corrections = leads.Where(l => !fresh.Contains(l.Id))
                .Select(l => KeyValuePair.Create(l.Id, taken.GetValueOrDefault(l.Id) - write.Predicted.GetValueOrDefault(l.Id)))
                .Where(c => c.Value != 0).ToList();
            if (plan is not null)
                routing = await router.BookAsync(connection, plan, leads, corrections, now, ct);
            else if (corrections.Count > 0)
                await Flows.FlowSql.CorrectSoldPlacesAsync(connection, corrections, now, ct);
            // What the provider is told: Stock, or Sold when flows took every place.
            foreach (var (lead, _, index) in items)
                results[index] = results[index]! with { LeadStatus = lead.Status };
        }
        await IngestionSql.CountAsync(connection, write.ProviderId, now, results!, ct);
        if (beforeCommit is not null)
            await beforeCommit(connection, results!);
        await write.Transaction.CommitAsync(ct);
        var tally = IngestionTally.Of(results!);
        Diagnostics.AppMetrics.Ingested("accepted", tally.Accepted);
        Diagnostics.AppMetrics.Ingested("duplicate", tally.Duplicates);
        Diagnostics.AppMetrics.Ingested("invalid", tally.Invalid);
        if (records.Count > 0)
            _recent.Add(records[0].ChainPosition, records[^1].ChainPosition,
                [.. items.Select(i => new CommittedLead(i.Lead.ProductCode, i.Lead.Phone, i.Lead.Email, now))]);
        foreach (var e in routing.Events)
        {
            if (e is Flows.FlowDelivered delivered)
                Diagnostics.AppMetrics.Sold(delivered.Price);
            events.Publish(e);
        }
        await PublishAsync([.. items.Where(i => i.Lead.PlacesLeft > 0).Select(i => (i.Lead, i.Ready.Lead.Product.Label))], now);
        return results!;
    }

    private static Lead NewLead(ReadyLead ready, Guid providerId, DateTimeOffset now, int oppositionVersion)
    {
        var lead = ready.Lead;
        var entity = new Lead(ready.Id, lead.Product.Code, lead.Product.Price, lead.Product.MaxBuyers, providerId,
            lead.Contact, lead.Departement, lead.AttributesJson, lead.Exclusive, now, lead.Product.PriceSchedule);
        entity.AttachConsentTime(ready.Consent.CapturedAt);
        entity.AttachPartners(ready.Consent.Partners);
        entity.ValidatedAgainst(lead.Product.SchemaVersion);
        entity.CheckedAgainstOpposition(oppositionVersion);
        // Copied while staging, before the chain links it: the salt of its identity digest goes with it.
        if (ready.Hash.IdentitySalt is { } salt)
            entity.AttachIdentitySalt(salt);
        return entity;
    }

    /// <summary>
    /// What a provider is told of a contact on an opposition list: that, and nothing of which list, which field or since
    /// when (the list is not his to read).
    /// </summary>
    internal static IngestionResult OpposedResult => IngestionResult.Invalid(new Dictionary<string, string[]>
    {
        [OppositionErrorKey] = ["Ce contact est inscrit sur une liste d'opposition au démarchage : il ne peut pas être proposé à la vente."],
    });

    public const string OppositionErrorKey = "opposition";

    /// <summary>The batch indexes whose phone or e-mail is listed, and the list's version, in one round trip.</summary>
    private static async Task<(HashSet<int> Opposed, int Version)> ProbeOppositionAsync(NpgsqlConnection connection, NpgsqlTransaction tx,
        List<(int Index, ReadyLead Lead)> valid, CancellationToken ct)
    {
        var keys = new byte[valid.Count * 2][];
        for (var i = 0; i < valid.Count; i++)
        {
            keys[2 * i] = valid[i].Lead.PhoneDigest;
            keys[2 * i + 1] = valid[i].Lead.EmailDigest;
        }
        var (listed, version) = await Privacy.Opposition.OppositionSql.ProbeAsync(connection, tx, keys, ct);
        return ([.. listed.Select(k => valid[k / 2].Index)], version);
    }

    private async Task PublishAsync(List<(Lead Lead, string Label)> accepted, DateTimeOffset now)
    {
        if (accepted.Count == 0)
            return;
        try
        {
            // Built from what was just written, without reading the leads back.
            foreach (var lead in await listing.MaskNewAsync(accepted))
                events.Publish(new LeadListed(lead, now));
        }
        catch (Exception e)
        {
            // The leads are committed; open market rooms reload on their next event or resync.
            logger.LogWarning(e, "Could not publish {Count} new leads", accepted.Count);
        }
    }
}
