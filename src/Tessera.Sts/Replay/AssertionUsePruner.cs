using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Tessera.Storage;

namespace Tessera.Sts.Replay;

/// <summary>
/// Deletes the records of expired assertions now and then, rather than on each exchange, so the replay check stays
/// a single insert. Every replica prunes; the deletes are idempotent.
/// </summary>
public sealed partial class AssertionUsePruner(
    IDirectoryStore store, TimeProvider time, ILogger<AssertionUsePruner> logger) : BackgroundService
{
    /// <summary>How often expired records are deleted.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(10);

    /// <summary>Deletes the records of assertions expired by now; returns how many.</summary>
    public async Task<int> PruneAsync(CancellationToken cancellationToken)
    {
        try
        {
            var deleted = await store.PruneAssertionUsesAsync(time.GetUtcNow(), cancellationToken);
            if (deleted > 0)
            {
                LogPruned(logger, deleted);
            }

            return deleted;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogPruneFailed(logger, ex.Message);
            return 0;
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await Task.Delay(Interval, time, stoppingToken);
                await PruneAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    [LoggerMessage(EventId = 3301, Level = LogLevel.Debug, Message = "Pruned {Count} expired assertion record(s)")]
    private static partial void LogPruned(ILogger logger, int count);

    [LoggerMessage(EventId = 3302, Level = LogLevel.Warning,
        Message = "Could not prune expired assertion records: {Reason}")]
    private static partial void LogPruneFailed(ILogger logger, string reason);
}
