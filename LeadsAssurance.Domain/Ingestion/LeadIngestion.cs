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
public sealed class IngestionDataSource(string connectionString) : IAsyncDisposable
{
    public NpgsqlDataSource DataSource { get; } = NpgsqlDataSource.Create(
        new NpgsqlConnectionStringBuilder(connectionString) { WriteBufferSize = 1 << 20, MaxPoolSize = 20, ApplicationName = "leadsassurance-ingestion" }.ConnectionString);

    public ValueTask DisposeAsync() => DataSource.DisposeAsync();
}

/// <summary>
/// The one way leads enter the platform (form, CSV import, API): validation (<see cref="LeadValidator"/>), dedupe,
/// the consent chain, the leads and their consent records written in one transaction, and <see cref="LeadListed"/>
/// published after commit.
/// </summary>
/// <remarks>
/// Each batch locks the consent chain head first. That serialises ingestions, which makes the dedupe check exact
/// (no two concurrent batches can both accept the same phone) and the chain linear; rows are written with binary COPY.
/// </remarks>
public sealed class LeadIngestion(
    IngestionDataSource connections, LeadValidator validator, MarketListing listing, MarketEventBus events, TimeProvider time,
    ILogger<LeadIngestion> logger)
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

    /// <summary>A batch validated and ready to write (CPU only: callers may prepare the next batch while one is written).</summary>
    public sealed class PreparedBatch
    {
        internal PreparedBatch(IngestionResult?[] results, List<(int Index, ReadyLead Lead)> valid)
        {
            Results = results;
            Valid = valid;
        }

        internal IngestionResult?[] Results { get; }
        internal List<(int Index, ReadyLead Lead)> Valid { get; }
        public int Count => Results.Length;

        /// <summary>Batches end to end, each keeping its results in order.</summary>
        internal static PreparedBatch Combine(IReadOnlyList<PreparedBatch> batches)
        {
            if (batches.Count == 1)
                return batches[0];
            var results = new List<IngestionResult?>();
            var valid = new List<(int, ReadyLead)>();
            foreach (var batch in batches)
            {
                valid.AddRange(batch.Valid.Select(v => (v.Index + results.Count, v.Lead)));
                results.AddRange(batch.Results);
            }
            return new PreparedBatch([.. results], valid);
        }
    }

    /// <summary>A valid lead with its id and its consent's canonical form, prepared outside the write transaction.</summary>
    internal sealed record ReadyLead(ValidLead Lead, Guid Id, ConsentCapture Consent, ConsentHashTemplate Hash);

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
        async ValueTask ValidateOne(int i, CancellationToken token)
        {
            var (lead, errors) = await validator.ValidateAsync(submissions[i], token);
            // Problems found before validation (a CSV cell that could not be read) make the row invalid, with the rest.
            if (knownErrors?[i] is { Count: > 0 } known)
                results[i] = IngestionResult.Invalid(IngestionResult.Merge(known, errors));
            else if (lead is null)
                results[i] = IngestionResult.Invalid(errors);
            else
            {
                var id = Guid.CreateVersion7(time.GetUtcNow());
                var (consent, hash) = ConsentChain.Prepare(id, providerId, lead.Product.Code, lead.Contact, lead.Consent);
                valid[i] = new ReadyLead(lead, id, consent, hash);
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
        var results = batch.Results;
        var valid = batch.Valid;
        var now = time.GetUtcNow();
        var accepted = new List<(Lead Lead, string Label)>();
        await using (var connection = await connections.DataSource.OpenConnectionAsync(ct))
        await using (var tx = await connection.BeginTransactionAsync(ct))
        {
            var head = await IngestionSql.LockHeadAsync(connection, ct);
            var earlier = await IngestionSql.EarlierLeadsAsync(connection, valid.Select(v => v.Lead.Lead).ToList(), now - DedupeWindow, ct);
            var items = new List<(Lead Lead, ConsentCapture Capture, ConsentHashTemplate Hash, int Index)>();
            foreach (var (index, ready) in valid)
            {
                var lead = ready.Lead;
                if (Duplicate(earlier, lead) is { } duplicate)
                {
                    results[index] = duplicate;
                    continue;
                }
                var entity = new Lead(ready.Id, lead.Product.Code, lead.Product.Price, lead.Product.MaxBuyers, providerId,
                    lead.Contact, lead.Departement, lead.AttributesJson, lead.Exclusive, now);
                items.Add((entity, ready.Consent, ready.Hash, index));
                accepted.Add((entity, lead.Product.Label));
                // Later rows of the same batch are checked against this one.
                earlier.TryAdd((lead.Product.Code, "phone", lead.Contact.Phone), now);
                earlier.TryAdd((lead.Product.Code, "email", lead.Contact.Email), now);
            }
            var records = ConsentChain.Link(head, items.Select(i => (i.Lead, i.Capture, i.Hash)), now);
            for (var k = 0; k < items.Count; k++)
                results[items[k].Index] = new IngestionResult(IngestionStatus.Accepted, items[k].Lead.Id, records[k].ProofHash);
            if (items.Count > 0)
            {
                await IngestionSql.CopyLeadsAsync(connection, [.. items.Select(i => i.Lead)], ct);
                await IngestionSql.CopyConsentsAsync(connection, records, ct);
                await IngestionSql.MoveHeadAsync(connection, head, ct);
            }
            await IngestionSql.CountAsync(connection, providerId, now, results!, ct);
            if (beforeCommit is not null)
                await beforeCommit(connection, results!);
            await tx.CommitAsync(ct);
        }

        await PublishAsync(accepted, now);
        return results!;
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

    private static IngestionResult? Duplicate(Dictionary<(string Product, string Field, string Value), DateTimeOffset> earlier, ValidLead lead)
    {
        foreach (var (field, value, label) in new[] { ("phone", lead.Contact.Phone, "le même téléphone"), ("email", lead.Contact.Email, "le même e-mail") })
        {
            if (!earlier.TryGetValue((lead.Product.Code, field, value), out var at))
                continue;
            var reason = $"Doublon : un lead « {lead.Product.Label} » avec {label} a déjà été reçu le " +
                $"{France.ToParis(at).ToString("dd/MM/yyyy 'à' HH:mm", France.Culture)} (moins de {DedupeWindow.TotalDays:0} jours).";
            return new IngestionResult(IngestionStatus.Duplicate, Errors: new Dictionary<string, string[]> { [field] = [reason] }, Reason: reason);
        }
        return null;
    }
}
