using System.Net.Http.Json;
using System.Text.Json;
using LeadsAssurance.Domain.Leads;
using LeadsAssurance.Domain.Earnings;
using LeadsAssurance.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LeadsAssurance.Tests.Integration.Earnings;

/// <summary>What the earnings tests read and do besides buying and disputing (<see cref="DisputeWorld"/>).</summary>
public sealed class EarningsWorld(AppFactory app)
{
    public DisputeWorld Disputes { get; } = new(app);
    public EarningsQueries Queries => app.Services.GetRequiredService<EarningsQueries>();
    public ProviderPayouts Payouts => app.Services.GetRequiredService<ProviderPayouts>();

    /// <summary>A provider who signs in with a password (<see cref="ProviderClientAsync"/>), rather than DisputeWorld's anonymous ones.</summary>
    public async Task<(Guid Id, string Email, string ApiKey)> ProviderAsync()
    {
        var email = $"apporteur.{Guid.NewGuid():N}@example.fr";
        var (id, key) = await app.CreateAccountAsync("Provider", approve: true, email);
        return (id, email, key);
    }

    public Task<HttpClient> ProviderClientAsync(string email) => app.CreateCookieClientAsync(email, "Passw0rd!x");

    /// <summary><paramref name="count"/> Crédit immobilier leads of <paramref name="providerId"/>, each bought by <paramref name="broker"/>.</summary>
    public async Task<List<Lead>> BuyFromAsync(Guid providerId, HttpClient broker, int count)
    {
        await using var db = app.CreateDbContext();
        var leads = await TestData.AddLeadsAsync(db, providerId, count, app.Services.GetRequiredService<TimeProvider>().GetUtcNow(), "CREDIT_IMMO");
        foreach (var lead in leads)
        {
            var hold = await (await broker.PostAsync($"/api/v1/market/{lead.Id}/reserve", null)).Content.ReadFromJsonAsync<JsonElement>();
            (await broker.PostAsJsonAsync($"/api/v1/reservations/{hold.GetProperty("reservationId").GetGuid()}/pay", new { method = "credits" }))
                .EnsureSuccessStatusCode();
        }
        return leads;
    }

    public async Task<List<ProviderEarning>> LinesAsync(Guid providerId)
    {
        await using var db = app.CreateDbContext();
        return await db.ProviderEarnings.AsNoTracking().Where(e => e.ProviderId == providerId).OrderBy(e => e.Id).ToListAsync();
    }

    public async Task<Guid> AdminIdAsync()
    {
        await using var db = app.CreateDbContext();
        return await db.Users.Where(u => u.Email == AppFactory.AdminEmail).Select(u => u.Id).SingleAsync();
    }

    public Task AcceptAsync(Guid disputeId) => DecideAsync(disputeId, "accept", "Numéro vérifié : non attribué.");

    public Task RefuseAsync(Guid disputeId) => DecideAsync(disputeId, "refuse", "Le prospect a répondu à notre appel.");

    private async Task DecideAsync(Guid disputeId, string decision, string note) =>
        (await Disputes.Admin.PostAsJsonAsync($"/api/v1/admin/disputes/{disputeId}/{decision}", new { note })).EnsureSuccessStatusCode();
}
