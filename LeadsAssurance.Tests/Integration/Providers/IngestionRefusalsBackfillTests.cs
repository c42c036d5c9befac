using LeadsAssurance.Domain.Providers;
using LeadsAssurance.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Npgsql;

namespace LeadsAssurance.Tests.Integration.Providers;

/// <summary>The ProviderEarnings migration's backfill of refusal reasons: the refusals ingestion_stats counted, under its two reasons.</summary>
public class IngestionRefusalsBackfillTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task EachDaysDuplicatesAndInvalidLeadsBecomeTwoReasons()
    {
        var (providerId, _) = await app.CreateAccountAsync("Provider", approve: true);
        var day = new DateOnly(2026, 11, 20);
        await ProviderHistory.AddAsync(app, providerId, new ProviderCounters(50, 40, 6, 0, 0, 0), day);
        await ProviderHistory.AddAsync(app, providerId, new ProviderCounters(10, 10, 0, 0, 0, 0), day.AddDays(1));
        var backfill = new LeadsAssurance.Domain.Data.Migrations.ProviderEarnings().UpOperations.OfType<SqlOperation>()
            .Single(o => o.Sql.Contains("insert into ingestion_refusals", StringComparison.Ordinal)).Sql;

        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        // Into a temporary table of the same name: the class's other rows stay out of the comparison.
        await using (var create = new NpgsqlCommand("create temp table ingestion_refusals (like public.ingestion_refusals including all)", connection))
            await create.ExecuteNonQueryAsync();
        await using (var run = new NpgsqlCommand(backfill, connection))
            await run.ExecuteNonQueryAsync();
        await using var read = new NpgsqlCommand("select day, reason, count from pg_temp.ingestion_refusals where provider_id = $1 order by reason", connection)
        {
            Parameters = { new() { Value = providerId } },
        };
        var rows = new List<(DateOnly, string, int)>();
        await using var reader = await read.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            rows.Add((reader.GetFieldValue<DateOnly>(0), reader.GetString(1), reader.GetInt32(2)));

        rows.Should().Equal((day, "Duplicate", 6), (day, "Invalid", 4));
    }
}
