using Bogus;
using LeadsAssurance.Domain.Accounts;
using LeadsAssurance.Domain.Catalog;
using LeadsAssurance.Domain.Consent;
using LeadsAssurance.Domain.Data;
using LeadsAssurance.Domain.Leads;
using LeadsAssurance.Domain.Ledger;
using Microsoft.EntityFrameworkCore;

namespace LeadsAssurance.Tests.Infrastructure;

/// <summary>Writes accounts and leads straight into a test database (no password hashing, no HTTP).</summary>
public static class TestData
{
    private static int _phone = 10_000_000;

    /// <summary>Accounts of <paramref name="role"/>, active unless <paramref name="active"/> is false (then pending approval).</summary>
    public static async Task<List<Guid>> AddAccountsAsync(AppDbContext db, AccountRole role, int count, DateTimeOffset now, bool active = true)
    {
        var users = Enumerable.Range(0, count).Select(i =>
        {
            var id = Guid.NewGuid();
            var user = new ApplicationUser
            {
                Id = id, UserName = $"{role}-{id:N}@test.fr", Email = $"{role}-{id:N}@test.fr",
                NormalizedEmail = $"{role}-{id:N}@TEST.FR".ToUpperInvariant(), NormalizedUserName = $"{role}-{id:N}@TEST.FR".ToUpperInvariant(),
                Role = role, CompanyName = $"{role} {i}", CreatedAt = now, SecurityStamp = Guid.NewGuid().ToString(),
            };
            if (active)
                user.Activate(now);
            return user;
        }).ToList();
        db.Users.AddRange(users);
        await db.SaveChangesAsync();
        return [.. users.Select(u => u.Id)];
    }

    public static async Task<List<Lead>> AddLeadsAsync(AppDbContext db, Guid providerId, int count, DateTimeOffset now,
        string productCode = "MUTUELLE_SANTE", bool exclusive = true, TimeSpan? consentAge = null, string? phone = null, LeadContact? contact = null,
        IReadOnlyList<string>? partners = null)
    {
        var product = await db.Products.SingleAsync(p => p.Code == productCode);
        var faker = new Faker("fr");
        var items = new List<(Lead, ConsentCapture)>();
        for (var i = 0; i < count; i++)
        {
            var number = phone ?? "+336" + Interlocked.Increment(ref _phone).ToString("00000000");
            // Double-barrelled names, as many French people have: no page word ("Paris", "Blanc") can be taken for one.
            var person = contact ?? new LeadContact($"{faker.Name.FirstName()}-{faker.Name.FirstName()}", $"{faker.Name.LastName()}-{faker.Name.LastName()}", number, $"prospect{number[4..]}{(phone is null ? "" : $".{i}")}@exemple.fr", "69003", "Lyon");
            var attributes = SchemaSampler.Sample(product.AttributesSchema, faker.Random, DateOnly.FromDateTime(now.UtcDateTime)).ToJsonString();
            var lead = new Lead(Guid.CreateVersion7(now), product, providerId, person, "69", attributes, exclusive, now.AddSeconds(-i));
            items.Add((lead, new ConsentCapture("J'accepte d'être contacté.", "T1", now - (consentAge ?? TimeSpan.FromMinutes(5)),
                "203.0.113.9", "Mozilla/5.0", "https://exemple.fr", partners ?? ["Courtier"])));
        }
        await using var tx = await db.Database.BeginTransactionAsync();
        db.Leads.AddRange(items.Select(i => i.Item1));
        await ConsentChain.AppendAsync(db, items, now, default);
        await db.SaveChangesAsync();
        await tx.CommitAsync();
        return [.. items.Select(i => i.Item1)];
    }

    /// <summary>Sum of the ledger and the last running balance must agree and never be negative.</summary>
    public static async Task<(decimal Sum, decimal LastBalance)> LedgerAsync(AppDbContext db, Guid accountId)
    {
        var entries = await db.CreditLedger.Where(e => e.AccountId == accountId).OrderBy(e => e.Id).ToListAsync();
        return (entries.Sum(e => e.Amount), entries.LastOrDefault()?.BalanceAfter ?? 0m);
    }

    public static Task<decimal> TopUpAsync(IServiceProvider services, Guid brokerId, decimal amount) =>
        ((LedgerService)services.GetService(typeof(LedgerService))!).TopUpAsync(brokerId, amount, $"VIR-{Guid.NewGuid():N}", brokerId);
}
