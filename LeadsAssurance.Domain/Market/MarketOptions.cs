using System.ComponentModel.DataAnnotations;

namespace LeadsAssurance.Domain.Market;

/// <summary>The "Market" configuration section.</summary>
public sealed class MarketOptions
{
    public const string Section = "Market";

    /// <summary>How long a broker holds a lead while paying.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "02:00:00")]
    public TimeSpan HoldDuration { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How many leads one broker may hold at once.</summary>
    [Range(1, 100)]
    public int MaxActiveHolds { get; set; } = 5;

    /// <summary>How long a broker may dispute a purchase.</summary>
    [Range(typeof(TimeSpan), "01:00:00", "90.00:00:00")]
    public TimeSpan DisputeWindow { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// A broker's disputes over his purchases in the last 30 days (0.20 = 20 %) beyond which a new dispute is flagged
    /// for the admin's attention.
    /// </summary>
    [Range(0.0, 1.0)]
    public decimal ReturnRateCap { get; set; } = 0.20m;

    /// <summary>The largest evidence file a party may attach to a dispute.</summary>
    [Range(64 * 1024, 50 * 1024 * 1024)]
    public int DisputeFileMaxBytes { get; set; } = 5 * 1024 * 1024;

    /// <summary>Credits taken from a broker whose dispute is refused (0: none); never more than his balance.</summary>
    public decimal RefusedDisputeFee { get; set; }

    /// <summary>A consent older than this cannot be sold (Code des assurances R112-7).</summary>
    public TimeSpan ConsentValidity { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How long a node keeps the providers' quality scores before summing their counters again (0: never keeps them).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan ProviderScoreRefresh { get; set; } = TimeSpan.FromMinutes(1);
}
