using System.Threading.Channels;
using LeadsAssurance.Domain.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LeadsAssurance.Domain.Ingestion;

/// <summary>
/// Runs imports in the background, one at a time per node. At start-up it picks up the imports a stopped process left
/// ready or running, resumes them after their last committed row, and deletes uploads abandoned for a day.
/// </summary>
public sealed class LeadImportRunner(LeadImports imports, IDbContextFactory<AppDbContext> dbFactory, ILogger<LeadImportRunner> logger) : BackgroundService
{
    private readonly Channel<Guid> _queue = Channel.CreateUnbounded<Guid>(new UnboundedChannelOptions { SingleReader = true });

    public void Enqueue(Guid importId) => _queue.Writer.TryWrite(importId);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(stoppingToken);
            foreach (var id in await db.LeadImports.Where(i => i.Status == ImportStatus.Running || i.Status == ImportStatus.Ready)
                         .OrderBy(i => i.CreatedAt).Select(i => i.Id).ToListAsync(stoppingToken))
                Enqueue(id);
            var deleted = await imports.DeleteAbandonedUploadsAsync(TimeSpan.FromDays(1), stoppingToken);
            if (deleted > 0)
                logger.LogInformation("{Count} abandoned upload(s) deleted", deleted);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Could not look for interrupted imports");
        }

        await foreach (var id in _queue.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                if (!await imports.RunAsync(id, stoppingToken))
                    logger.LogInformation("Import {Import} is run by another node", id);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Import {Import} could not run", id);
            }
        }
    }
}
