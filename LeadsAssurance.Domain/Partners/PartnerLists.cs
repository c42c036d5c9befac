using LeadsAssurance.Domain.Audit;
using LeadsAssurance.Domain.Data;
using Microsoft.EntityFrameworkCore;

namespace LeadsAssurance.Domain.Partners;

/// <summary>A partner list version as a lead refers to it: what its consent then names and commits to.</summary>
public sealed record PartnerListRef(Guid ListId, int Version, string Sha256, IReadOnlyList<string> Names)
{
    public string Reference => PartnerListVersion.Format(ListId, Version, Sha256);
}

/// <summary>What a provider publishes: the page's URL, its HTML, and the partner names it declares.</summary>
public sealed record PartnerListInput(string? Name, string? Url, string? Snapshot, IReadOnlyList<string>? Names);

/// <summary>A list with its latest version, as the provider's page and the API show it.</summary>
public sealed record PartnerListView(Guid Id, string Name, int Version, string Url, string Sha256, IReadOnlyList<string> Names, DateTimeOffset PublishedAt);

/// <summary>
/// Providers' partner list pages (issue 14): published in versions, each one's HTML hashed; a lead sent with
/// <c>consent.partnerListId</c> names the latest version's partners and its proof commits to that version's reference.
/// </summary>
public sealed class PartnerLists(IDbContextFactory<AppDbContext> dbFactory, TimeProvider time)
{
    public const int MaxSnapshotBytes = 512 * 1024;
    public const int MaxNames = 200;

    /// <summary>Publishes a new list (<paramref name="listId"/> null) or a new version of one of the provider's lists.</summary>
    public async Task<PartnerListView> PublishAsync(Guid providerId, Guid? listId, PartnerListInput input, CancellationToken ct = default)
    {
        var (url, snapshot, names) = Validate(input, listId is null);
        var now = time.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        PartnerList list;
        if (listId is null)
        {
            list = new PartnerList(Guid.CreateVersion7(now), providerId, input.Name!.Trim(), now);
            db.PartnerLists.Add(list);
        }
        else
        {
            // Locked so two publications of the same list get consecutive versions.
            list = await db.PartnerLists.FromSql($"select * from partner_lists where id = {listId.Value} for update")
                .SingleOrDefaultAsync(l => l.ProviderId == providerId, ct) ?? throw new NotFoundException("Liste de partenaires inconnue.");
        }
        var version = 1 + (await db.PartnerListVersions.Where(v => v.ListId == list.Id).MaxAsync(v => (int?)v.Version, ct) ?? 0);
        var published = new PartnerListVersion(list.Id, version, url, snapshot, names, now);
        db.PartnerListVersions.Add(published);
        db.AuditLog.Add(new AuditEntry(providerId, "partner-list.published", $"partner-list:{list.Id}",
            $"Version {version} de « {list.Name} » ({names.Count} partenaire(s), SHA-256 {published.Sha256}).", now));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new PartnerListView(list.Id, list.Name, version, url, published.Sha256, names, now);
    }

    public async Task<IReadOnlyList<PartnerListView>> ListAsync(Guid providerId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await (from l in db.PartnerLists.AsNoTracking()
                      where l.ProviderId == providerId
                      let v = db.PartnerListVersions.Where(v => v.ListId == l.Id).OrderByDescending(v => v.Version).First()
                      orderby l.CreatedAt descending
                      select new PartnerListView(l.Id, l.Name, v.Version, v.Url, v.Sha256, v.Names, v.CreatedAt)).ToListAsync(ct);
    }

    /// <summary>The latest version of each of <paramref name="listIds"/> that belongs to the provider (others are absent): one query.</summary>
    public async Task<IReadOnlyDictionary<Guid, PartnerListRef>> LatestAsync(Guid providerId, IReadOnlyCollection<Guid> listIds, CancellationToken ct = default)
    {
        if (listIds.Count == 0)
            return new Dictionary<Guid, PartnerListRef>();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var ids = listIds.ToArray();
        var latest = await (from l in db.PartnerLists.AsNoTracking()
                            where l.ProviderId == providerId && ids.Contains(l.Id)
                            let v = db.PartnerListVersions.Where(v => v.ListId == l.Id).OrderByDescending(v => v.Version).First()
                            select new PartnerListRef(l.Id, v.Version, v.Sha256, v.Names)).ToListAsync(ct);
        return latest.ToDictionary(r => r.ListId);
    }

    private static (string Url, string Snapshot, List<string> Names) Validate(PartnerListInput input, bool creating)
    {
        var errors = new Dictionary<string, string[]>();
        if (creating && string.IsNullOrWhiteSpace(input.Name))
            errors["name"] = ["Donnez un nom à la liste (par exemple « Partenaires du comparateur mutuelle »)."];
        else if (creating && input.Name!.Trim().Length > 100)
            errors["name"] = ["Le nom de la liste fait au plus 100 caractères."];
        var url = input.Url?.Trim() ?? "";
        if (url.Length is 0 or > 2000 || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
            errors["url"] = ["L'adresse de la page des partenaires doit être une URL http(s) complète."];
        var snapshot = input.Snapshot ?? "";
        if (snapshot.Trim().Length == 0)
            errors["snapshot"] = ["Joignez le contenu (HTML) de la page tel qu'il est publié : c'est lui que la preuve scelle."];
        else if (snapshot.Length > MaxSnapshotBytes || System.Text.Encoding.UTF8.GetByteCount(snapshot) > MaxSnapshotBytes)
            errors["snapshot"] = [$"Le contenu de la page dépasse {MaxSnapshotBytes / 1024} Ko."];
        var names = new List<string>();
        foreach (var name in input.Names ?? [])
            if (name?.Trim() is { Length: > 0 } trimmed && !names.Contains(trimmed))
                names.Add(trimmed);
        if (names.Count == 0)
            errors["names"] = ["Indiquez les partenaires que la page nomme, un par ligne."];
        else if (names.Count > MaxNames || names.Exists(n => n.Length > 200 || n.Any(char.IsControl)))
            errors["names"] = [$"Au plus {MaxNames} partenaires, de 200 caractères chacun au plus."];
        if (errors.Count > 0)
            throw new ValidationFailedException(errors);
        return (url, snapshot, names);
    }
}
