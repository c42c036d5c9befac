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
}
