using System.Net.Http.Json;
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
