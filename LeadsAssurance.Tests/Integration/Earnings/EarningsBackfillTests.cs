using LeadsAssurance.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Npgsql;

namespace LeadsAssurance.Tests.Integration.Earnings;

/// <summary>The ProviderEarnings migration's backfill, run again on a database with history, against what the transactions wrote.</summary>
public class EarningsBackfillTests(MarketFactory app) : IClassFixture<MarketFactory>
{
    private const string Columns = "provider_id, kind, amount, gross, commission_rate, commission, purchase_id, product_code, reference, actor_id, created_at";

    [Fact]
    public async Task TheMigrationsBackfillWritesTheSameSaleAndReturnLinesAsTheTransactionsDid()
    {
        var world = new EarningsWorld(app);
        var (_, broker, _) = await world.Disputes.BrokerAsync(3000m);
        var bought = await world.Disputes.BuyAsync(broker, 4);
        await world.Disputes.BuyAsync(broker, 2);
        await world.AcceptAsync(await DisputeWorld.OpenAsync(broker, bought[1].Id));
        var backfill = new LeadsAssurance.Domain.Data.Migrations.ProviderEarnings().UpOperations.OfType<SqlOperation>()
            .Single(o => o.Sql.Contains("insert into provider_earnings", StringComparison.Ordinal)).Sql;

        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        // The ledger is append-only: the backfill runs into a temporary table of the same name, which hides the real one.
        await Execute(connection, "create temp table provider_earnings (like public.provider_earnings including all)");
        await Execute(connection, backfill);
        var written = await RowsAsync(connection, "public.provider_earnings");
        var backfilled = await RowsAsync(connection, "pg_temp.provider_earnings");

        written.Should().HaveCount(7, "six sales and one return");
        backfilled.Should().BeEquivalentTo(written);
    }

    private static async Task Execute(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<List<string>> RowsAsync(NpgsqlConnection connection, string table)
    {
        await using var command = new NpgsqlCommand($"select concat_ws('|', {Columns}) from {table}", connection);
        var rows = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            rows.Add(reader.GetString(0));
        return rows;
    }
}
