using Bogus;
using LeadsAssurance.Domain.Accounts;
using LeadsAssurance.Domain.Catalog;
using LeadsAssurance.Domain.Consent;
using LeadsAssurance.Domain.Data;
using LeadsAssurance.Domain.Leads;
using LeadsAssurance.Domain.Ledger;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace LeadsAssurance.Domain.Demo;

/// <summary>Fills an empty database with demo accounts and ~200 leads on sale, so the app is alive on first run.</summary>
public sealed class DemoDataSeeder(AppDbContext db, UserManager<ApplicationUser> users, TimeProvider time, ILogger<DemoDataSeeder> logger)
{
    public const int LeadCount = 200;

    public async Task SeedAsync(CancellationToken ct = default)
    {
        if (await db.Users.AnyAsync(u => u.Email == DemoAccounts.All[0].Email, ct))
            return;
        var now = time.GetUtcNow();
        // All or nothing: a half-seeded database would never be completed, since accounts mark it as seeded.
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var accounts = new List<ApplicationUser>();
        foreach (var account in DemoAccounts.All)
        {
            var user = new ApplicationUser
            {
                Id = Guid.CreateVersion7(now), UserName = account.Email, Email = account.Email, EmailConfirmed = true,
                Role = account.Role, CompanyName = account.CompanyName, Siren = account.Siren,
                OriasNumber = account.OriasNumber, CreatedAt = now.AddDays(-30),
            };
            user.Activate(now.AddDays(-30));
            var result = await users.CreateAsync(user, account.Password);
            if (!result.Succeeded)
                throw new InvalidOperationException(string.Join(" ", result.Errors.Select(e => e.Description)));
            accounts.Add(user);
        }
        foreach (var broker in accounts.Where(a => a.Role == AccountRole.Broker))
            db.CreditLedger.Add(new CreditLedgerEntry(broker.Id, LedgerEntryKind.TopUp, 500m, 500m, "DEMO-VIREMENT-001", null, now.AddDays(-7)));

        await SeedLeadsAsync([.. accounts.Where(a => a.Role == AccountRole.Provider).Select(a => a.Id)], now, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        logger.LogInformation("Demo data seeded: {Accounts} accounts, {Leads} leads", accounts.Count, LeadCount);
    }

    private async Task SeedLeadsAsync(IReadOnlyList<Guid> providers, DateTimeOffset now, CancellationToken ct)
    {
        var products = await db.Products.Where(p => p.IsActive).OrderBy(p => p.SortOrder).ToListAsync(ct);
        if (products.Count == 0 || providers.Count == 0)
        {
            logger.LogWarning("No active product or provider: no demo leads");
            return;
        }
        var faker = new Faker("fr") { Random = new Randomizer(20261124) };
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var items = new List<(Lead, ConsentCapture)>();
        for (var i = 0; i < LeadCount; i++)
        {
            var product = products[i % products.Count];
            var (zip, city) = faker.PickRandom(DemoAccounts.Places.ToList());
            var createdAt = now.AddMinutes(-faker.Random.Int(5, 60 * 72));
            var first = faker.Name.FirstName();
            var last = faker.Name.LastName();
            var contact = new LeadContact(first, last, "+3361" + faker.Random.ReplaceNumbers("#######"),
                faker.Internet.Email(first, last).ToLowerInvariant(), zip, city);
            var attributes = SchemaSampler.Sample(product.AttributesSchema, faker.Random, today).ToJsonString();
            var exclusive = product.MaxBuyers == 1 || faker.Random.Bool(0.6f);
            var lead = new Lead(Guid.CreateVersion7(createdAt), product, providers[i % providers.Count], contact,
                Departements.FromZipCode(zip)!, attributes, exclusive, createdAt);
            var consent = new ConsentCapture(DemoAccounts.ConsentText, DemoAccounts.ConsentTextVersion,
                createdAt.AddSeconds(-faker.Random.Int(20, 600)), faker.Internet.Ip(), faker.Internet.UserAgent(),
                $"https://www.comparateur-{product.Code.ToLowerInvariant().Replace('_', '-')}.fr/devis",
                ["LeadsAssurance", "Cabinet Martin Courtage", "Durand Assurances", "Crédit Conseil Lyon"]);
            items.Add((lead, consent));
        }
        items.Sort((a, b) => a.Item2.CapturedAt.CompareTo(b.Item2.CapturedAt));
        db.Leads.AddRange(items.Select(i => i.Item1));
        await ConsentChain.AppendAsync(db, items, now, ct);
    }
}
