using System.Security.Cryptography;
using System.Text;

namespace LeadsAssurance.Domain.Partners;

/// <summary>
/// A provider's page listing the partners his collection forms name ("nos partenaires"), so that a lead may refer to it
/// instead of repeating the names. Its content is kept per version (<see cref="PartnerListVersion"/>).
/// </summary>
public class PartnerList
{
    private PartnerList() { }

    public PartnerList(Guid id, Guid providerId, string name, DateTimeOffset createdAt)
    {
        Id = id;
        ProviderId = providerId;
        Name = name;
        CreatedAt = createdAt;
    }

    public Guid Id { get; private set; }
    public Guid ProviderId { get; private set; }
    public string Name { get; private set; } = "";
    public DateTimeOffset CreatedAt { get; private set; }
}

/// <summary>
/// One published state of a partner list: its URL, the page's HTML as published (its SHA-256 is what a consent commits
/// to) and the partner names it declares. Append-only: a change is a new version, and every lead keeps the version it
/// was received under.
/// </summary>
public class PartnerListVersion
{
    private PartnerListVersion() { }

    public PartnerListVersion(Guid listId, int version, string url, string snapshot, IReadOnlyList<string> names, DateTimeOffset createdAt)
    {
        ListId = listId;
        Version = version;
        Url = url;
        Snapshot = snapshot;
        Sha256 = HashOf(snapshot);
        Names = [.. names];
        CreatedAt = createdAt;
    }

    public Guid ListId { get; private set; }
    public int Version { get; private set; }
    public string Url { get; private set; } = "";
    public string Snapshot { get; private set; } = "";
    /// <summary>Lower-case hex SHA-256 of the snapshot's UTF-8 bytes.</summary>
    public string Sha256 { get; private set; } = "";
    public List<string> Names { get; private set; } = [];
    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>What a consent's proof commits to: "&lt;list id&gt;:&lt;version&gt;:&lt;SHA-256&gt;".</summary>
    public string Reference => Format(ListId, Version, Sha256);

    public static string Format(Guid listId, int version, string sha256) => $"{listId:D}:{version}:{sha256}";

    public static string HashOf(string snapshot) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(snapshot)));
}
