using System.Linq.Expressions;
using System.Text.RegularExpressions;
using LeadsAssurance.Domain.Data;
using LeadsAssurance.Domain.Leads;

namespace LeadsAssurance.Domain.Market;

/// <summary>
/// The one home of the rule "this lead can be sold to this broker now", in each form its users need: plain C# for
/// in-memory checks, EF Core expressions for LINQ listings, SQL text for raw Npgsql statements (holds, payments,
/// consent expiry, and set-based flows inside the ingestion transaction). A lead can be sold to a broker when:
/// <list type="number">
/// <item>it is on sale: status <see cref="OnSaleStatus"/>. <c>Reserved</c> means every place left is held, <c>Sold</c>
/// every place sold; <c>Expired</c> (consent too old) and <c>Rejected</c> have left the market;</item>
/// <item>a place is left: <see cref="PlacesLeft(int, int, int)"/> &gt; 0, the lead's buyers (1 for an exclusive
/// lead, up to N for a shared one) less its places sold and held;</item>
/// <item>its consent is still valid: captured strictly after <see cref="ConsentCutoff"/>, now less
/// <see cref="MarketOptions.ConsentValidity"/> (30 days, Code des assurances R112-7); at exactly 30 days it is too old;</item>
/// <item>this broker neither bought a place of it nor holds one. A hold keeps its place while it is
/// <see cref="ReservationStatus.Active"/>, even past its expiry time until the release job closes it, as the lead's
/// held count does.</item>
/// </list>
/// Paying a hold checks only the consent: the broker's place is already his. The lead's status follows its places
/// (<see cref="StatusSql"/>). Change the rule here, in every form; <c>LeadSaleRuleTests</c> checks that the forms
/// agree on a table of lead states in PostgreSQL.
/// </summary>
public static partial class LeadSaleRule
{
    /// <summary>The only status in which a lead can be held or bought.</summary>
    public const LeadStatus OnSaleStatus = LeadStatus.Stock;

    /// <summary>The consent cut-off at <paramref name="now"/>: a consent captured at or before it is too old to sell.</summary>
    public static DateTimeOffset ConsentCutoff(DateTimeOffset now, TimeSpan consentValidity) => now - consentValidity;

    /// <summary>Whether a consent captured at <paramref name="capturedAt"/> may still be sold.</summary>
    public static bool ConsentIsValid(DateTimeOffset capturedAt, DateTimeOffset consentCutoff) => capturedAt > consentCutoff;

    /// <summary>The places nobody bought or holds (the market's "buyers left").</summary>
    public static int PlacesLeft(int maxBuyers, int soldCount, int heldCount) => maxBuyers - soldCount - heldCount;

    /// <summary>Whether the lead is on sale, to any broker who has not bought or held it.</summary>
    public static bool IsOnSale(Lead lead, DateTimeOffset consentCutoff) =>
        lead.Status == OnSaleStatus && lead.PlacesLeft > 0 && ConsentIsValid(lead.ConsentCapturedAt, consentCutoff);

    /// <summary>The whole rule in memory; <paramref name="purchases"/> and <paramref name="reservations"/> may hold other leads' rows.</summary>
    public static bool CanBeSoldTo(Lead lead, Guid brokerId, IEnumerable<Purchase> purchases, IEnumerable<Reservation> reservations,
        DateTimeOffset consentCutoff) =>
        IsOnSale(lead, consentCutoff)
        && !purchases.Any(p => p.LeadId == lead.Id && p.BrokerId == brokerId)
        && !reservations.Any(r => r.LeadId == lead.Id && r.BrokerId == brokerId && r.Status == ReservationStatus.Active);

    /// <summary>EF Core: the leads on sale (rules 1–3).</summary>
    public static Expression<Func<Lead, bool>> OnSale(DateTimeOffset consentCutoff) =>
        l => l.Status == OnSaleStatus && l.MaxBuyers - l.SoldCount - l.HeldCount > 0 && l.ConsentCapturedAt > consentCutoff;

    /// <summary>EF Core: the leads <paramref name="brokerId"/> neither bought nor holds (rule 4).</summary>
    public static Expression<Func<Lead, bool>> NotTakenBy(AppDbContext db, Guid brokerId) =>
        l => !db.Purchases.Any(p => p.LeadId == l.Id && p.BrokerId == brokerId)
            && !db.Reservations.Any(r => r.LeadId == l.Id && r.BrokerId == brokerId && r.Status == ReservationStatus.Active);

    // The SQL forms take the lead's table alias (or name) and SQL expressions for their inputs: a parameter ("$2",
    // "@broker") or a column of another table ("f.broker_id" in a set-based statement). Never user input.

    /// <summary>SQL: the places left on lead <paramref name="lead"/>, an integer expression.</summary>
    public static string PlacesLeftSql(string lead) =>
        $"({Alias(lead)}.max_buyers - {lead}.sold_count - {lead}.held_count)";

    /// <summary>SQL: lead <paramref name="lead"/> has the status of a lead on sale (rule 1 alone).</summary>
    public static string HasOnSaleStatusSql(string lead) => $"{Alias(lead)}.status = '{OnSaleStatus}'";

    /// <summary>SQL: the lead's consent was captured after <paramref name="consentCutoff"/> (rule 3).</summary>
    public static string ConsentValidSql(string lead, string consentCutoff) => $"{Alias(lead)}.consent_captured_at > {consentCutoff}";

    /// <summary>SQL: the negation of <see cref="ConsentValidSql"/> (the column is never null).</summary>
    public static string ConsentExpiredSql(string lead, string consentCutoff) => $"{Alias(lead)}.consent_captured_at <= {consentCutoff}";

    /// <summary>SQL: lead <paramref name="lead"/> is on sale (rules 1–3).</summary>
    public static string OnSaleSql(string lead, string consentCutoff) =>
        $"({HasOnSaleStatusSql(lead)} and {PlacesLeftSql(lead)} > 0 and {ConsentValidSql(lead, consentCutoff)})";

    /// <summary>SQL: <paramref name="broker"/> neither bought nor holds a place of lead <paramref name="lead"/> (rule 4).</summary>
    public static string NotTakenBySql(string lead, string broker) => $"""
        (not exists (select 1 from purchases own_purchase where own_purchase.lead_id = {Alias(lead)}.id and own_purchase.broker_id = {broker})
         and not exists (select 1 from reservations own_hold where own_hold.lead_id = {lead}.id and own_hold.broker_id = {broker}
                                                              and own_hold.status = '{ReservationStatus.Active}'))
        """;

    /// <summary>SQL: lead <paramref name="lead"/> can be sold to <paramref name="broker"/> now (the whole rule).</summary>
    public static string CanBeSoldToSql(string lead, string broker, string consentCutoff) =>
        $"({OnSaleSql(lead, consentCutoff)} and {NotTakenBySql(lead, broker)})";

    /// <summary>
    /// SQL: when lead <paramref name="lead"/>'s product requires its buyers to be named among the consent's partners
    /// (<c>products.require_named_partner</c>), <paramref name="broker"/>'s partner keys overlap the lead's. Not part of
    /// <see cref="CanBeSoldToSql"/>: the market lists such a lead to everyone and tells an unnamed broker why he cannot hold it.
    /// </summary>
    public static string NamedIfRequiredSql(string lead, string broker) => $"""
        (not exists (select 1 from products named_product where named_product.code = {Alias(lead)}.product_code and named_product.require_named_partner)
         or coalesce({lead}.partner_keys && (select named_broker.partner_keys from "AspNetUsers" named_broker where named_broker.id = {broker}), false))
        """;

    /// <summary>
    /// SQL: the status that <paramref name="soldCount"/> and <paramref name="heldCount"/> (SQL expressions: the counts
    /// after the change, e.g. "l.sold_count + 1") give lead <paramref name="lead"/>: <c>Sold</c> when every place is
    /// sold, <c>Reserved</c> when every place left is held, else <c>Stock</c>. A lead that left the market
    /// (<c>Expired</c>, <c>Rejected</c>) keeps its status. For the SET clause of an UPDATE of the lead.
    /// </summary>
    public static string StatusSql(string lead, string soldCount, string heldCount) => $"""
        case when {Alias(lead)}.status not in ('{LeadStatus.Stock}', '{LeadStatus.Reserved}', '{LeadStatus.Sold}') then {lead}.status
             when {soldCount} >= {lead}.max_buyers then '{LeadStatus.Sold}'
             when {soldCount} + {heldCount} >= {lead}.max_buyers then '{LeadStatus.Reserved}'
             else '{LeadStatus.Stock}' end
        """;

    /// <summary>Returns <paramref name="lead"/> when it is a table alias (never user input), else throws.</summary>
    internal static string Alias(string lead) =>
        Identifier().IsMatch(lead) ? lead : throw new ArgumentException($"Not a table alias: \"{lead}\".", nameof(lead));

    [GeneratedRegex("^[a-z_][a-z0-9_]*$")]
    private static partial Regex Identifier();
}
