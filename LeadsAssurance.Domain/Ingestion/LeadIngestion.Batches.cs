using LeadsAssurance.Domain.Consent;
using LeadsAssurance.Domain.Leads;
using Npgsql;

namespace LeadsAssurance.Domain.Ingestion;

/// <summary>The batches <see cref="LeadIngestion"/> hands to its callers between its steps.</summary>
public sealed partial class LeadIngestion
{
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
    internal sealed record ReadyLead(ValidLead Lead, Guid Id, ConsentCapture Consent, ConsentHashTemplate Hash, byte[] PhoneDigest, byte[] EmailDigest);

    /// <summary>A batch whose leads are copied in its open transaction, waiting for <see cref="CommitAsync"/>.</summary>
    public sealed class StagedWrite : IAsyncDisposable
    {
        internal StagedWrite(Guid providerId, PreparedBatch batch, DateTimeOffset now, Dictionary<int, Lead> staged, Dictionary<Guid, int> predicted,
            HashSet<(string, string, string)> keys, Dictionary<(string, string, string), DateTimeOffset> earlier, long probedAt,
            HashSet<int> opposed, int oppositionVersion, NpgsqlConnection connection, NpgsqlTransaction transaction)
        {
            Opposed = opposed;
            OppositionVersion = oppositionVersion;
            ProviderId = providerId;
            Batch = batch;
            Now = now;
            Staged = staged;
            Predicted = predicted;
            Keys = keys;
            Earlier = earlier;
            ProbedAt = probedAt;
            Connection = connection;
            Transaction = transaction;
        }

        internal Guid ProviderId { get; }
        internal PreparedBatch Batch { get; }
        internal DateTimeOffset Now { get; }
        /// <summary>The copied leads (the batch's first for each phone and e-mail) by their index in the batch.</summary>
        internal Dictionary<int, Lead> Staged { get; }
        /// <summary>The places flows were predicted to take, by lead: the staged leads were copied with them counted.</summary>
        internal Dictionary<Guid, int> Predicted { get; }
        /// <summary>The batch's (product, "phone"|"email", value) keys.</summary>
        internal HashSet<(string, string, string)> Keys { get; }
        /// <summary>The earlier leads the staging probe found, by (product, "phone"|"email", value).</summary>
        internal Dictionary<(string, string, string), DateTimeOffset> Earlier { get; }
        /// <summary>The consent chain head's position when the probe ran.</summary>
        internal long ProbedAt { get; }
        /// <summary>The batch indexes whose phone or e-mail is on the opposition list (as of <see cref="OppositionVersion"/>).</summary>
        internal HashSet<int> Opposed { get; }
        /// <summary>The opposition list's version the staging probe checked against.</summary>
        internal int OppositionVersion { get; }
        internal NpgsqlConnection Connection { get; }
        internal NpgsqlTransaction Transaction { get; }

        public async ValueTask DisposeAsync()
        {
            await Transaction.DisposeAsync();
            await Connection.DisposeAsync();
        }
    }
}
