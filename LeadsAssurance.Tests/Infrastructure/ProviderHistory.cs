using LeadsAssurance.Domain.Providers;
using Microsoft.EntityFrameworkCore;

namespace LeadsAssurance.Tests.Infrastructure;

/// <summary>A provider's counters as his history would have left them, written straight to the two stats tables, and read back.</summary>
public static class ProviderHistory
{
    /// <summary>Adds <paramref name="counters"/> to the provider's counters of <paramref name="day"/> (invalid leads: sent − accepted − duplicates).</summary>
    public static Task AddAsync(AppFactory app, Guid providerId, ProviderCounters counters, DateOnly day) =>
        AddAsync(app.ConnectionString, providerId, counters, day);

    /// <inheritdoc cref="AddAsync(AppFactory, Guid, ProviderCounters, DateOnly)"/>
    public static async Task AddAsync(string connection, Guid providerId, ProviderCounters counters, DateOnly day)
    {
        await using var db = LeadsAssurance.Domain.Data.AppDbContextOptions.Create(connection);
        await db.Database.ExecuteSqlAsync($"""
            insert into ingestion_stats (provider_id, day, submitted, accepted, invalid, duplicates)
            values ({providerId}, {day}, {counters.Submitted}, {counters.Accepted}, {counters.Submitted - counters.Accepted - counters.Duplicates}, {counters.Duplicates})
            on conflict (provider_id, day) do update set submitted = ingestion_stats.submitted + excluded.submitted,
                accepted = ingestion_stats.accepted + excluded.accepted, invalid = ingestion_stats.invalid + excluded.invalid,
                duplicates = ingestion_stats.duplicates + excluded.duplicates
            """);
        await db.Database.ExecuteSqlAsync($"""
            insert into provider_stats (provider_id, day, sales, returns, consent_age_minutes)
            values ({providerId}, {day}, {counters.Sales}, {counters.Returns}, {counters.ConsentAgeMinutes})
            on conflict (provider_id, day) do update set sales = provider_stats.sales + excluded.sales,
                returns = provider_stats.returns + excluded.returns, consent_age_minutes = provider_stats.consent_age_minutes + excluded.consent_age_minutes
            """);
    }

    /// <summary>The provider's counters over all his days.</summary>
    public static async Task<ProviderCounters> TotalsAsync(AppFactory app, Guid providerId)
    {
        await using var db = app.CreateDbContext();
        var ingestion = await db.IngestionStats.Where(s => s.ProviderId == providerId).ToListAsync();
        var sales = await db.ProviderStats.Where(s => s.ProviderId == providerId).ToListAsync();
        return new ProviderCounters(ingestion.Sum(s => s.Submitted), ingestion.Sum(s => s.Accepted), ingestion.Sum(s => s.Duplicates),
            sales.Sum(s => s.Sales), sales.Sum(s => s.Returns), sales.Sum(s => s.ConsentAgeMinutes));
    }

    /// <summary>Three hundred sales, barely any returned: a provider brokers trust (4,9 ★ or more).</summary>
    public static readonly ProviderCounters Trusted = new(500, 500, 0, 300, 0, 300 * 60);

    /// <summary>Three hundred sales, 250 of them returned: 3,3 ★, below a new provider's 3,5.</summary>
    public static readonly ProviderCounters Returned = new(500, 500, 0, 300, 250, 300 * 60);
}
