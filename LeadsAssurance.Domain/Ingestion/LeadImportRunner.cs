using System.Collections.Concurrent;
using System.Threading.Channels;
using LeadsAssurance.Domain.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LeadsAssurance.Domain.Ingestion;

/// <summary>
/// Runs imports in the background, one at a time per node. At start-up, and then every few seconds
/// (<see cref="Jobs.ResumeInterruptedImportsJob"/>), it picks up the imports left ready or running by a process that
/// stopped or died, here or on another node, and resumes them after their last committed row; the import's advisory
/// lock (<see cref="LeadImports.RunAsync"/>) keeps one runner per import across nodes. Deletes uploads abandoned for a day.
/// </summary>
public sealed class LeadImportRunner(
    LeadImports imports, IDbContextFactory<AppDbContext> dbFactory, IOptions<ImportOptions> options, ILogger<LeadImportRunner> logger) : BackgroundService
{
    private readonly Channel<Guid> _queue = Channel.CreateUnbounded<Guid>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentDictionary<Guid, byte> _queued = new();

    public void Enqueue(Guid importId)
    {
        if (_queued.TryAdd(importId, 0))
            _queue.Writer.TryWrite(importId);
    }

    /// <summary>
    /// Queues every unfinished import whose file this node can read (the import folder is shared between nodes in
    /// production; a node that cannot see a file leaves the import to one that can).
    /// </summary>
    public async Task<int> EnqueueUnfinishedAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var unfinished = await db.LeadImports.AsNoTracking()
            .Where(i => i.Status == ImportStatus.Running || i.Status == ImportStatus.Ready)
            .OrderBy(i => i.CreatedAt).Select(i => new { i.Id, i.StoredFile }).ToListAsync(ct);
        var queued = 0;
        foreach (var import in unfinished)
        {
            if (!File.Exists(Path.Combine(options.Value.Folder, import.StoredFile)) || _queued.ContainsKey(import.Id))
                continue;
            Enqueue(import.Id);
            queued++;
        }
        return queued;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await EnqueueUnfinishedAsync(stoppingToken);
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
                    logger.LogDebug("Import {Import} is run by another node", id);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Import {Import} could not run", id);
            }
            finally
            {
                _queued.TryRemove(id, out _);
            }
        }
    }
}
