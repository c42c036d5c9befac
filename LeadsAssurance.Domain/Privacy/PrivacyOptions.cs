using System.ComponentModel.DataAnnotations;

namespace LeadsAssurance.Domain.Privacy;

/// <summary>The "Privacy" section: the public requests' one-time codes.</summary>
public sealed class PrivacyOptions
{
    public const string Section = "Privacy";

    /// <summary>How long a code sent to an e-mail address stays usable.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan CodeValidity { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Wrong codes before the request closes.</summary>
    [Range(1, 20)]
    public int MaxCodeAttempts { get; set; } = 5;

    /// <summary>Codes sent to one address per hour, whoever asks: more requests get the same answer and no e-mail.</summary>
    [Range(1, 100)]
    public int MaxCodesPerAddressPerHour { get; set; } = 3;

    /// <summary>How long an unsold lead's identity is kept after its consent was captured: by default as long as the consent can be used (R112-7).</summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "3650.00:00:00")]
    public TimeSpan UnsoldRetention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How long a sold lead's identity is kept after its last purchase (3 years: the buyers' audits and claims).</summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "3650.00:00:00")]
    public TimeSpan SoldRetention { get; set; } = TimeSpan.FromDays(3 * 365);

    /// <summary>
    /// The key of the opposition list's digests (<see cref="Opposition.ContactDigests"/>), 32 bytes or more in base64
    /// (<c>Privacy__SuppressionKey</c>, <c>openssl rand -base64 32</c>). Required in Production; elsewhere a key is generated
    /// once under the data folder. Every node must have the same; changing it makes the stored list unreadable.
    /// </summary>
    public string? SuppressionKey { get; set; }

    /// <summary>Leads erased per transaction by the retention purge.</summary>
    [Range(1, 10_000)]
    public int RetentionBatchSize { get; set; } = 500;
}
