using System.Diagnostics;
using LeadsAssurance.Domain.Accounts;
using LeadsAssurance.Domain.Catalog;
using LeadsAssurance.Domain.Consent;
using LeadsAssurance.Domain.Leads;
using LeadsAssurance.Domain.Market;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LeadsAssurance.Bench;

/// <summary>
/// The market grid's query (MarketListing.ListAsync, as the market room and GET /api/v1/market run it) over N leads on
/// sale, every lead's price falling with age (each product: −2 € every 6 h down to half its price) against the same
/// rows at fixed prices, in alternating rounds of the same run: newest first, price ascending and descending (the price
/// computed in SQL at this instant), a price band, a product filter and a deep page.
/// </summary>
public static class MarketListBench
{
    private static readonly (string Name, Func<Guid, MarketQuery> Query)[] Queries =
    [
        ("newest", b => new MarketQuery(ForBroker: b)),
        ("price asc", b => new MarketQuery(Sort: MarketSort.PriceAscending, ForBroker: b)),
        ("price desc", b => new MarketQuery(Sort: MarketSort.PriceDescending, ForBroker: b)),
        ("20–40 € by price", b => new MarketQuery(MinPrice: 20m, MaxPrice: 40m, Sort: MarketSort.PriceAscending, ForBroker: b)),
        ("3 products by price", b => new MarketQuery(Products: ["MUTUELLE_SANTE", "CREDIT_IMMO", "ASSURANCE_AUTO"], Sort: MarketSort.PriceAscending, ForBroker: b)),
        ("price asc page 40", b => new MarketQuery(Sort: MarketSort.PriceAscending, Page: 40, ForBroker: b)),
    ];

    public static async Task RunAsync(BenchHost host, int leads, int samples, int rounds)
    {
        var provider = (await host.AddBrokersAsync(1, AccountRole.Provider))[0];
        var broker = (await host.AddBrokersAsync(1))[0];
        var seeding = Stopwatch.StartNew();
        await SeedAsync(host, provider, leads);
        Console.WriteLine($"market list: {leads:N0} leads on sale over 18 products seeded in {seeding.Elapsed.TotalSeconds:0.0} s");
        var listing = host.Services.GetRequiredService<MarketListing>();
        var timings = new Dictionary<(bool Decaying, string Query), List<double>>();
        for (var round = 0; round < rounds; round++)
        {
            foreach (var decaying in round % 2 == 0 ? new[] { true, false } : [false, true])
            {
                await SetSchedulesAsync(host, decaying);
                foreach (var (name, query) in Queries)
                {
                    var list = timings.TryGetValue((decaying, name), out var l) ? l : timings[(decaying, name)] = [];
                    for (var i = 0; i < 3; i++)
                        await listing.ListAsync(query(broker));
                    for (var i = 0; i < samples; i++)
                    {
                        var watch = Stopwatch.StartNew();
                        var page = await listing.ListAsync(query(broker));
                        list.Add(watch.Elapsed.TotalMilliseconds);
                        if (page.Total == 0)
                            throw new InvalidOperationException($"market list bench: '{name}' found nothing");
                    }
                }
            }
        }
        var ratios = new List<double>();
        foreach (var (name, _) in Queries)
        {
            var d = timings[(true, name)];
            var f = timings[(false, name)];
            var ratio = Stats.Percentile(d, 50) / Stats.Percentile(f, 50);
            ratios.Add(ratio);
            Console.WriteLine($"market list {name,-20} decaying p50 {Stats.Ms(Stats.Percentile(d, 50))} p95 {Stats.Ms(Stats.Percentile(d, 95))}"
                + $" | fixed p50 {Stats.Ms(Stats.Percentile(f, 50))} p95 {Stats.Ms(Stats.Percentile(f, 95))} | ratio {ratio:0.00}");
        }
        Console.WriteLine($"market list: median ratio decaying/fixed {Stats.Percentile(ratios, 50):0.00} ({samples} samples × {rounds} rounds per query, page of 50)");
    }

    /// <summary>Leads of every product, from the last 28 days (consents still usable), in batches through the consent chain.</summary>
    private static async Task SeedAsync(BenchHost host, Guid provider, int count)
    {
        await using (var db = host.Db())
        {
            foreach (var product in await db.Products.ToListAsync())
                product.ChangePriceSchedule(new PriceSchedule(decimal.Round(product.Price / 2, 2), 2m, TimeSpan.FromHours(6)));
            await db.SaveChangesAsync();
        }
        var random = new Bogus.Randomizer(11);
        var departements = Departements.Codes.Take(30).ToArray();
        var now = DateTimeOffset.UtcNow;
        const int batch = 5_000;
        for (var done = 0; done < count; done += batch)
        {
            await using var db = host.Db();
            var products = await db.Products.AsNoTracking().ToListAsync();
            var items = Enumerable.Range(done, Math.Min(batch, count - done)).Select(i =>
            {
                var product = products[random.Number(products.Count - 1)];
                var createdAt = now - TimeSpan.FromMinutes(random.Number(10, 28 * 24 * 60));
                var phone = $"+336{i:00000000}";
                var lead = new Lead(Guid.CreateVersion7(createdAt), product, provider,
                    new LeadContact("Bench", "Lead", phone, $"{phone[1..]}@bench.fr", "69003", "Lyon"), random.ArrayElement(departements),
                    SchemaSampler.Sample(product.AttributesSchema, random, DateOnly.FromDateTime(createdAt.UtcDateTime)).ToJsonString(),
                    random.Bool(0.6f), createdAt);
                return (lead, new ConsentCapture("Bench consent", "B1", createdAt.AddMinutes(-1), "127.0.0.1", "bench", "https://bench.fr", ["Bench"]));
            }).ToList();
            await using var tx = await db.Database.BeginTransactionAsync();
            db.Leads.AddRange(items.Select(i => i.lead));
            await ConsentChain.AppendAsync(db, items, now, default);
            await db.SaveChangesAsync();
            await tx.CommitAsync();
        }
        await using (var db = host.Db())
            await db.Database.ExecuteSqlRawAsync("vacuum analyze leads");
    }

    /// <summary>The same rows with their falling schedule (half the start price, −2 € every 6 h), or with none.</summary>
    private static async Task SetSchedulesAsync(BenchHost host, bool decaying)
    {
        await using var db = host.Db();
        db.Database.SetCommandTimeout(TimeSpan.FromMinutes(5));
        await db.Database.ExecuteSqlRawAsync(decaying
            ? "update leads set price_floor = round(price / 2, 2), price_step = 2, price_step_interval = interval '6 hours' where price_step is null"
            : "update leads set price_floor = null, price_step = null, price_step_interval = null where price_step is not null");
        await db.Database.ExecuteSqlRawAsync("vacuum analyze leads");
    }
}
