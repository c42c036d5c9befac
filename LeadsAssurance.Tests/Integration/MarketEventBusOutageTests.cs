using System.Collections.Concurrent;
using LeadsAssurance.Domain.Market;
using LeadsAssurance.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace LeadsAssurance.Tests.Integration;

/// <summary>
/// The sender of cross-node events while PostgreSQL refuses it: it never dies, its outbox stays bounded, and once the
/// server takes it again the other nodes are told to resynchronise, then receive new events as before. The outage is
/// real: the bus's own login role is switched to NOLOGIN, so every connection it opens is refused by the server.
/// </summary>
public class MarketEventBusOutageTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>
{
    [Fact]
    public async Task ASenderRefusedByPostgresKeepsABoundedOutboxThenSendsAResyncAndCarriesOn()
    {
        var role = "bus_" + Guid.NewGuid().ToString("N")[..10];
        await ExecuteAsync($"create role {role} login password 'bus-outage-test'");
        var busConnection = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Username = role, Password = "bus-outage-test" };
        await using var dataSource = NpgsqlDataSource.Create(busConnection.ConnectionString);
        var bus = new MarketEventBus(dataSource, new MarketNotifier(NullLogger<MarketNotifier>.Instance), TimeProvider.System, NullLogger<MarketEventBus>.Instance);
        var received = new ConcurrentQueue<MarketEventBatch>();
        await using var listener = new NpgsqlConnection(database.ConnectionString);
        await listener.OpenAsync();
        listener.Notification += (_, e) => received.Enqueue(MarketEventBus.Parse(e.Payload)!);
        await using (var listen = new NpgsqlCommand($"listen {MarketEventBus.Channel}", listener))
            await listen.ExecuteNonQueryAsync();
        using var listening = new CancellationTokenSource();
        var waiting = Task.Run(async () =>
        {
            while (!listening.IsCancellationRequested)
                await listener.WaitAsync(listening.Token);
        });
        await bus.StartAsync(CancellationToken.None);
        try
        {
            await ExecuteAsync($"alter role {role} nologin");
            dataSource.Clear(); // connections already open would still be served: the outage starts with the next one
            for (var i = 0; i < MarketEventBus.MaxOutbox + 5_000; i++)
                bus.Publish(new LeadReserved(Guid.NewGuid(), Guid.NewGuid(), DateTimeOffset.UtcNow.AddMinutes(10), 0, 12m, DateTimeOffset.UtcNow));
            await Task.Delay(TimeSpan.FromSeconds(3));

            bus.OutboxCount.Should().BeLessThanOrEqualTo(MarketEventBus.MaxOutbox, "the outbox is bounded while PostgreSQL refuses the sender");
            bus.ExecuteTask!.IsCompleted.Should().BeFalse("the sender never gives up");
            received.Should().BeEmpty();

            await ExecuteAsync($"alter role {role} login");
            (await Eventually.TrueAsync(() => received.Any(b => b.Node == bus.NodeId && b.Events.OfType<MarketResync>().Any()), TimeSpan.FromSeconds(20)))
                .Should().BeTrue("the other nodes are told to reload what they missed");
            var after = new LeadSold(Guid.NewGuid(), Guid.NewGuid(), 0, 20m, "MUTUELLE_SANTE", DateTimeOffset.UtcNow);
            bus.Publish(after);
            (await Eventually.TrueAsync(() => received.SelectMany(b => b.Events).Any(e => e.LeadId == after.LeadId)))
                .Should().BeTrue("events flow again once the server takes the sender back");
            (await Eventually.TrueAsync(() => bus.OutboxCount == 0)).Should().BeTrue("every event taken was sent or dropped");
        }
        finally
        {
            await bus.StopAsync(CancellationToken.None);
            await listening.CancelAsync();
            await waiting.ContinueWith(_ => { }, TaskScheduler.Default);
            NpgsqlConnection.ClearAllPools();
            await ExecuteAsync($"drop role if exists {role}");
        }
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
