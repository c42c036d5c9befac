using System.Security.Cryptography;
using System.Text;

namespace LeadsAssurance.Domain.Accounts;

/// <summary>A secret that lets a program act for an account. Only its SHA-256 hash is stored.</summary>
public class ApiKey
{
    private const string KeyPrefix = "la_";

    /// <summary>The length of the name column.</summary>
    public const int MaxNameLength = 100;

    private ApiKey() { }

    public Guid Id { get; private set; }
    public Guid AccountId { get; private set; }
    public ApplicationUser Account { get; private set; } = null!;
    public string Name { get; private set; } = "";
    /// <summary>The first characters of the key, enough to recognise it in a list.</summary>
    public string DisplayPrefix { get; private set; } = "";
    public string KeyHash { get; private set; } = "";
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset? RevokedAt { get; private set; }
    public DateTimeOffset? LastUsedAt { get; private set; }

    public bool IsRevoked => RevokedAt is not null;

    /// <summary>Creates a key for an account; the plain key is returned once and never stored.</summary>
    public static (ApiKey Key, string PlainKey) Create(Guid accountId, string name, DateTimeOffset now) =>
        Create(accountId, name, KeyPrefix + Base64Url(RandomNumberGenerator.GetBytes(32)), now);

    /// <summary>Registers a key chosen by an operator (bootstrap configuration).</summary>
    public static (ApiKey Key, string PlainKey) Create(Guid accountId, string name, string plainKey, DateTimeOffset now)
    {
        if (plainKey.Length < 20)
            throw new DomainException("Une clé d'API doit compter au moins 20 caractères.");
        if (name?.Trim().Length > MaxNameLength)
            throw new ValidationFailedException("name", $"Le nom d'une clé d'API compte {MaxNameLength} caractères au plus.");
        var key = new ApiKey
        {
            Id = Guid.CreateVersion7(now),
            AccountId = accountId,
            Name = string.IsNullOrWhiteSpace(name) ? "Clé d'API" : name.Trim(),
            DisplayPrefix = plainKey[..Math.Min(10, plainKey.Length)],
            KeyHash = Hash(plainKey),
            CreatedAt = now,
        };
        return (key, plainKey);
    }

    /// <summary>Keys are 256-bit random values, so a fast unsalted hash is enough to make a leaked table useless.</summary>
    public static string Hash(string plainKey) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(plainKey)));

    public void Revoke(DateTimeOffset now)
    {
        if (IsRevoked)
            throw new DomainException("Cette clé est déjà révoquée.");
        RevokedAt = now;
    }

    public void MarkUsed(DateTimeOffset now) => LastUsedAt = now;

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
