using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LeadsAssurance.Domain.Accounts;
using LeadsAssurance.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LeadsAssurance.Tests.Integration;

/// <summary>The wallet under concurrency: every movement counted once, the running balance exact.</summary>
public class LedgerConcurrencyTests(MarketFactory app) : IClassFixture<MarketFactory>
{
    [Fact]
    public async Task TopUpsConcurrentWithPurchasesLeaveAnExactBalance()
    {
        var (brokerId, key) = await app.CreateAccountAsync("Broker", approve: true);
        var broker = app.CreateApiClient(key);
        var admin = app.CreateApiClient(AppFactory.AdminApiKey);
        await using var db = app.CreateDbContext();
        var provider = (await TestData.AddAccountsAsync(db, AccountRole.Provider, 1, app.Clock.GetUtcNow()))[0];
        var leads = await TestData.AddLeadsAsync(db, provider, 5, app.Clock.GetUtcNow(), "ASSURANCE_AUTO");
        var price = leads[0].Price;
        (await admin.PostAsJsonAsync($"/api/v1/admin/accounts/{brokerId}/credits", new { amount = price * 5, reference = "VIR-INITIAL" })).EnsureSuccessStatusCode();
        var holds = new List<Guid>();
        foreach (var lead in leads)
            holds.Add((await (await broker.PostAsync($"/api/v1/market/{lead.Id}/reserve", null)).Content.ReadFromJsonAsync<JsonElement>())
                .GetProperty("reservationId").GetGuid());
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var payments = holds.Select(h => Task.Run(async () =>
        {
            await start.Task;
            return await broker.PostAsJsonAsync($"/api/v1/reservations/{h}/pay", new { method = "credits" });
        }));
        var topUps = Enumerable.Range(0, 5).Select(i => Task.Run(async () =>
        {
            await start.Task;
            return await admin.PostAsJsonAsync($"/api/v1/admin/accounts/{brokerId}/credits", new { amount = 12.34m, reference = $"VIR-PARALLELE-{i}" });
        }));
        var all = payments.Concat(topUps).ToList();
        start.SetResult();
        var responses = await Task.WhenAll(all);

        responses.Should().OnlyContain(r => r.StatusCode == HttpStatusCode.OK, "the balance covers every purchase whatever the order");
        var entries = await db.CreditLedger.AsNoTracking().Where(e => e.AccountId == brokerId).OrderBy(e => e.Id).ToListAsync();
        entries.Should().HaveCount(1 + 5 + 5);
        entries.Sum(e => e.Amount).Should().Be(5 * 12.34m);
        var running = 0m;
        foreach (var entry in entries)
        {
            running += entry.Amount;
            entry.BalanceAfter.Should().Be(running, "each entry's balance follows the one before it");
        }
        (await broker.GetFromJsonAsync<JsonElement>("/api/v1/me")).GetProperty("balance").GetDecimal().Should().Be(5 * 12.34m);
    }

    [Fact]
    public async Task TheSameBankReferenceBookedTenTimesInParallelIsCreditedOnce()
    {
        var (brokerId, key) = await app.CreateAccountAsync("Broker", approve: true);
        var admin = app.CreateApiClient(AppFactory.AdminApiKey);
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var attempts = Enumerable.Range(0, 10).Select(_ => Task.Run(async () =>
        {
            await start.Task;
            return await admin.PostAsJsonAsync($"/api/v1/admin/accounts/{brokerId}/credits", new { amount = 150m, reference = "VIR-2026-1124-0007" });
        })).ToList();
        start.SetResult();
        var responses = await Task.WhenAll(attempts);

        responses.Should().OnlyContain(r => r.StatusCode == HttpStatusCode.OK);
        foreach (var response in responses)
            (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("balance").GetDecimal().Should().Be(150m);
        (await app.CreateApiClient(key).GetFromJsonAsync<JsonElement>("/api/v1/me")).GetProperty("balance").GetDecimal().Should().Be(150m);
        await using var db = app.CreateDbContext();
        (await db.CreditLedger.CountAsync(e => e.AccountId == brokerId)).Should().Be(1);
        (await db.AuditLog.CountAsync(a => a.Action == "credits.topup" && a.Subject == $"account:{brokerId}")).Should().Be(1);
    }
}
