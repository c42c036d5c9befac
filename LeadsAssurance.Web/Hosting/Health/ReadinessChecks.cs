using LeadsAssurance.Domain.Data;
using LeadsAssurance.Domain.Market;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace LeadsAssurance.Web.Hosting.Health;

/// <summary>The database answers a query within a couple of seconds, from the node's own pool.</summary>
public sealed class DatabaseHealthCheck(DatabaseConnections connections) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        try
        {
            await using var command = connections.Main.CreateCommand("select 1");
            command.CommandTimeout = 2;
            await command.ExecuteScalarAsync(ct);
            return HealthCheckResult.Healthy();
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("La base de données ne répond pas : " + e.GetBaseException().Message);
        }
    }
}

/// <summary>Every migration this build knows is applied (a node newer than its database must not take traffic).</summary>
public sealed class MigrationsHealthCheck(IDbContextFactory<AppDbContext> dbFactory) : IHealthCheck
{
    // Once applied, migrations are never un-applied under a running node: checked until true, then remembered.
    private volatile bool _applied;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        if (_applied)
            return HealthCheckResult.Healthy();
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var pending = (await db.Database.GetPendingMigrationsAsync(ct)).ToList();
            if (pending.Count > 0)
                return HealthCheckResult.Unhealthy($"{pending.Count} migration(s) non appliquée(s) : {string.Join(", ", pending)}");
            _applied = true;
            return HealthCheckResult.Healthy();
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("Migrations non vérifiables : " + e.GetBaseException().Message);
        }
    }
}

/// <summary>This node listens to the other nodes' market events (its screens would go stale otherwise).</summary>
public sealed class EventListenerHealthCheck(MarketEventListener listener) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default) =>
        Task.FromResult(listener.Connected
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy("Le récepteur d'événements du marché (LISTEN) n'est pas connecté."));
}
