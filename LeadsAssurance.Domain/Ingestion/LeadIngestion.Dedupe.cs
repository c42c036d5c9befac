namespace LeadsAssurance.Domain.Ingestion;

/// <summary>
/// The 30-day dedupe: a batch probes the database before the consent chain lock (<see cref="StageAsync"/>), then, under
/// it, adds only what was committed since (<see cref="CommitAsync"/>).
/// </summary>
public sealed partial class LeadIngestion
{
    /// <summary>Beyond this many chain positions committed since a batch's probe, probing again is cheaper than reading them.</summary>
    private const long MaxCatchUp = 20_000;
    private static readonly IReadOnlySet<Guid> NoLeads = new HashSet<Guid>();
    private readonly RecentCommits _recent = new(capacity: 4);

    /// <summary>
    /// Under the chain lock, the batch's earlier leads as of now: those its staging probe saw, and those committed since,
    /// which took the chain positions after the one the probe read (every ingestion moves the head before committing).
    /// They come from this process's memory when it committed them all, else from the database.
    /// </summary>
    private async Task<Dictionary<(string, string, string), DateTimeOffset>> EarlierAsync(StagedWrite write, long head, CancellationToken ct)
    {
        if (head == write.ProbedAt)
            return write.Earlier;
        if (head - write.ProbedAt > MaxCatchUp)
            return (await IngestionSql.EarlierLeadsAsync(write.Connection, [.. write.Batch.Valid.Select(v => v.Lead.Lead)], write.Now - DedupeWindow,
                write.Staged.Values.Select(l => l.Id).ToHashSet(), ct)).Found;
        var committed = _recent.TryGetBetween(write.ProbedAt, head, out var mine)
            ? mine
            : await IngestionSql.CommittedBetweenAsync(write.Connection, write.ProbedAt, head, ct);
        var earlier = write.Earlier;
        var since = write.Now - DedupeWindow;
        foreach (var lead in committed)
        {
            if (lead.CreatedAt <= since)
                continue;
            // Only the batch's own values matter; in chain order, after everything the probe saw, so an earlier date is never replaced.
            var (phone, email) = DedupeKeys(lead.ProductCode, lead.Phone, lead.Email);
            if (write.Keys.Contains(phone))
                earlier.TryAdd(phone, lead.CreatedAt);
            if (write.Keys.Contains(email))
                earlier.TryAdd(email, lead.CreatedAt);
        }
        return earlier;
    }

    /// <summary>A lead's two keys in the 30-day dedupe: (product, "phone", phone) and (product, "email", e-mail).</summary>
    private static ((string Product, string Field, string Value) Phone, (string Product, string Field, string Value) Email) DedupeKeys(string product, string phone, string email) =>
        ((product, "phone", phone), (product, "email", email));

    private static IngestionResult? Duplicate(Dictionary<(string Product, string Field, string Value), DateTimeOffset> earlier, ValidLead lead)
    {
        var (phone, email) = DedupeKeys(lead.Product.Code, lead.Contact.Phone, lead.Contact.Email);
        foreach (var (key, label) in new[] { (phone, "le même téléphone"), (email, "le même e-mail") })
        {
            if (!earlier.TryGetValue(key, out var at))
                continue;
            var field = key.Field;
            var reason = $"Doublon : un lead « {lead.Product.Label} » avec {label} a déjà été reçu le " +
                $"{France.ToParis(at).ToString("dd/MM/yyyy 'à' HH:mm", France.Culture)} (moins de {DedupeWindow.TotalDays:0} jours).";
            return new IngestionResult(IngestionStatus.Duplicate, Errors: new Dictionary<string, string[]> { [field] = [reason] }, Reason: reason);
        }
        return null;
    }
}
