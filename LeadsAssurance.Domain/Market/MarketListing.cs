using System.Text.Json;
using System.Text.Json.Nodes;
using LeadsAssurance.Domain.Data;
using LeadsAssurance.Domain.Leads;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace LeadsAssurance.Domain.Market;

/// <summary>
/// The masked market list. Contact columns are not even selected; of the attributes, only those the product's
/// schema marks "x-market" leave the server.
/// </summary>
public sealed class MarketListing(IDbContextFactory<AppDbContext> dbFactory, IMemoryCache cache, Providers.ProviderScores providerScores,
    IOptions<MarketOptions> options, TimeProvider time)
{
    /// <summary>One page of the list; <see cref="ValidationFailedException"/> when the query is out of bounds.</summary>
    public async Task<MarketPage> ListAsync(MarketQuery query, CancellationToken ct = default)
    {
        if (query.Errors() is { Count: > 0 } errors)
            throw new ValidationFailedException(errors);
        var now = time.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var leads = OnSale(db, now);
        if (query.Products is { Count: > 0 } products)
            leads = leads.Where(l => products.Contains(l.ProductCode));
        if (query.Departements is { Count: > 0 } departements)
            leads = leads.Where(l => departements.Contains(l.Departement));
        // Prices fall with age (LeadPriceRule): the filters and the sort read the price at this instant, in SQL.
        if (query.MinPrice is { } min)
            leads = leads.Where(LeadPriceRule.CurrentPriceAtLeast(now, min));
        if (query.MaxPrice is { } max)
            leads = leads.Where(LeadPriceRule.CurrentPriceAtMost(now, max));
        if (query.Exclusive is { } exclusive)
            leads = exclusive ? leads.Where(l => l.MaxBuyers == 1) : leads.Where(l => l.MaxBuyers > 1);
        string[]? brokerKeys = null;
        if (query.ForBroker is { } broker)
        {
            leads = leads.Where(LeadSaleRule.NotTakenBy(db, broker));
            brokerKeys = await BrokerKeysAsync(db, broker, ct);
            if (query.NamedPartner is { } named)
                leads = leads.Where(NamesBroker(brokerKeys, named));
        }
        if (query.MaxAgeHours is { } hours)
            leads = leads.Where(l => l.CreatedAt >= now.AddHours(-hours));
        if (query.MinScore is { } minScore)
        {
            var filter = await providerScores.AtLeastAsync(minScore, ct);
            var providers = filter.Providers;
            leads = filter.Exclude ? leads.Where(l => !providers.Contains(l.ProviderId)) : leads.Where(l => providers.Contains(l.ProviderId));
        }
        leads = query.Sort switch
        {
            MarketSort.Oldest => leads.OrderBy(l => l.CreatedAt).ThenBy(l => l.Id),
            MarketSort.PriceAscending => leads.OrderBy(LeadPriceRule.CurrentPriceExpression(now)).ThenByDescending(l => l.CreatedAt),
            MarketSort.PriceDescending => leads.OrderByDescending(LeadPriceRule.CurrentPriceExpression(now)).ThenByDescending(l => l.CreatedAt),
            _ => leads.OrderByDescending(l => l.CreatedAt).ThenBy(l => l.Id),
        };
        var total = await leads.CountAsync(ct);
        var rows = await Project(leads.Skip(Paging.Offset(query.Page, query.PageSize)).Take(query.PageSize)).ToListAsync(ct);
        return new MarketPage(await MaskAsync(db, rows, now, ct, brokerKeys), total);
    }

    /// <summary>One lead as the market shows it, or null when it is not on sale.</summary>
    public async Task<MarketLead?> GetAsync(Guid leadId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = time.GetUtcNow();
        var rows = await Project(OnSale(db, now).Where(l => l.Id == leadId)).ToListAsync(ct);
        return (await MaskAsync(db, rows, now, ct)).SingleOrDefault();
    }

    /// <summary>Leads by id as the market shows them, in the order given (leads another node listed); unknown ids are left out.</summary>
    public async Task<IReadOnlyList<MarketLead>> GetManyAsync(IReadOnlyList<Guid> leadIds, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await Project(db.Leads.AsNoTracking().Where(l => leadIds.Contains(l.Id))).ToListAsync(ct);
        var order = leadIds.Index().DistinctBy(x => x.Item).ToDictionary(x => x.Item, x => x.Index);
        return await MaskAsync(db, [.. rows.OrderBy(r => order[r.Id])], time.GetUtcNow(), ct);
    }

    /// <summary>Leads just written (not read back), as the market shows them.</summary>
    public async Task<IReadOnlyList<MarketLead>> MaskNewAsync(IReadOnlyList<(Lead Lead, string ProductLabel)> leads, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await MaskAsync(db, [.. leads.Select(x => new Row(x.Lead.Id, x.Lead.ProductCode, x.ProductLabel, x.Lead.Departement, x.Lead.City,
            x.Lead.CreatedAt, x.Lead.Price, x.Lead.MaxBuyers, x.Lead.PlacesLeft, x.Lead.Attributes, x.Lead.ProviderId, x.Lead.ConsentCapturedAt,
            x.Lead.PriceFloor, x.Lead.PriceStep, x.Lead.PriceStepInterval))], time.GetUtcNow(), ct);
    }

    /// <summary>The keys under which a consent names the broker (<see cref="Partners.PartnerName.BrokerKeys"/>); empty when unknown.</summary>
    internal static async Task<string[]> BrokerKeysAsync(AppDbContext db, Guid brokerId, CancellationToken ct) =>
        await db.Users.Where(u => u.Id == brokerId).Select(u => u.PartnerKeys).SingleOrDefaultAsync(ct) ?? [];

    /// <summary>EF Core: the lead's partner keys overlap the broker's (PostgreSQL's array overlap, &amp;&amp;), or not.</summary>
    private static System.Linq.Expressions.Expression<Func<Lead, bool>> NamesBroker(string[] brokerKeys, bool named) => named
        ? l => l.PartnerKeys != null && l.PartnerKeys.Any(k => brokerKeys.Contains(k))
        : l => l.PartnerKeys == null || !l.PartnerKeys.Any(k => brokerKeys.Contains(k));

    private IQueryable<Lead> OnSale(AppDbContext db, DateTimeOffset now) =>
        db.Leads.AsNoTracking().Where(LeadSaleRule.OnSale(LeadSaleRule.ConsentCutoff(now, options.Value.ConsentValidity)));

    private static IQueryable<Row> Project(IQueryable<Lead> leads) => leads.Select(l => new Row(
        l.Id, l.ProductCode, l.Product.Label, l.Departement, l.City, l.CreatedAt, l.Price, l.MaxBuyers,
        LeadSaleRule.PlacesLeft(l.MaxBuyers, l.SoldCount, l.HeldCount), l.Attributes, l.ProviderId, l.ConsentCapturedAt,
        l.PriceFloor, l.PriceStep, l.PriceStepInterval, l.PartnerKeys));

    private async Task<IReadOnlyList<MarketLead>> MaskAsync(AppDbContext db, List<Row> rows, DateTimeOffset now, CancellationToken ct,
        string[]? brokerKeys = null)
    {
        var visible = await VisibleAttributesAsync(db, ct);
        var scores = await providerScores.AllAsync(ct);
        return [.. rows.Select(r =>
        {
            var schedule = PriceSchedule.From(r.PriceFloor, r.PriceStep, r.PriceStepInterval);
            var score = scores.GetValueOrDefault(r.ProviderId) ?? Providers.ProviderScore.Neutral;
            return new MarketLead(r.Id, r.ProductCode, r.ProductLabel, r.Departement, r.City, r.CreatedAt,
                LeadPriceRule.CurrentPrice(r.Price, schedule, r.CreatedAt, now), r.MaxBuyers == 1, r.BuyersLeft,
                Mask(r.Attributes, visible.GetValueOrDefault(r.ProductCode) ?? []), score.Stars,
                r.ConsentCapturedAt, r.ProviderId, r.Price, schedule, now, score.Sales,
                brokerKeys is null ? null : Partners.PartnerName.Names(r.PartnerKeys, brokerKeys));
        })];
    }

    private static Dictionary<string, object?> Mask(string attributes, HashSet<string> visible)
    {
        var result = new Dictionary<string, object?>();
        // A read-only document, not a JsonNode tree: every lead listed by an import goes through here.
        using var document = JsonDocument.Parse(attributes);
        if (document.RootElement.ValueKind != JsonValueKind.Object)
            return result;
        foreach (var property in document.RootElement.EnumerateObject())
        {
            if (!visible.Contains(property.Name))
                continue;
            var value = property.Value;
            switch (value.ValueKind)
            {
                case JsonValueKind.Number: result[property.Name] = value.GetDecimal(); break;
                case JsonValueKind.True: result[property.Name] = true; break;
                case JsonValueKind.False: result[property.Name] = false; break;
                case JsonValueKind.String: result[property.Name] = value.GetString(); break;
            }
        }
        return result;
    }

    /// <summary>The cache entry of <see cref="VisibleAttributesAsync"/>, dropped when a product's schema changes.</summary>
    public const string VisibleAttributesCacheKey = "market:visible-attributes";

    /// <summary>Product code → the attribute names its schema marks "x-market".</summary>
    private Task<Dictionary<string, HashSet<string>>> VisibleAttributesAsync(AppDbContext db, CancellationToken ct) =>
        cache.GetOrCreateAsync(VisibleAttributesCacheKey, async entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(1);
            var schemas = await db.Products.Select(p => new { p.Code, p.AttributesSchema }).ToListAsync(ct);
            return schemas.ToDictionary(s => s.Code, s => (JsonNode.Parse(s.AttributesSchema)?["properties"]?.AsObject() ?? [])
                .Where(p => p.Value?["x-market"]?.GetValueKind() == JsonValueKind.True).Select(p => p.Key).ToHashSet());
        })!;

    private sealed record Row(Guid Id, string ProductCode, string ProductLabel, string Departement, string City,
        DateTimeOffset CreatedAt, decimal Price, int MaxBuyers, int BuyersLeft, string Attributes, Guid ProviderId,
        DateTimeOffset ConsentCapturedAt, decimal? PriceFloor, decimal? PriceStep, TimeSpan? PriceStepInterval, string[]? PartnerKeys = null);
}
