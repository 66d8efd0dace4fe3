using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Tessera.Keys;
using Tessera.Storage.Caching;
using Tessera.Sts.Roles;

namespace Tessera.Server.Hosting;

/// <summary>
/// Notices directory changes made by other replicas: every second it reads the directory version, and when it
/// moved, the directory cache, the role cache and the signing keys are reloaded. A change made through one replica therefore
/// reaches the others within about a second, at the cost of one tiny query a second per replica.
/// </summary>
public sealed partial class DirectoryChangeWatcher(
    CachedDirectoryStore cache, SigningKeyRing keys, RoleCache roles, TimeProvider time,
    ILogger<DirectoryChangeWatcher> logger)
    : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    private bool _reachable = true;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        cache.Changed += keys.InvalidateAll;
        cache.Changed += roles.Invalidate;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await ObserveAsync(stoppingToken);
                await Task.Delay(Interval, time, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
        finally
        {
            cache.Changed -= keys.InvalidateAll;
            cache.Changed -= roles.Invalidate;
        }
    }

    private async Task ObserveAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (await cache.ObserveVersionAsync(cancellationToken))
            {
                LogChanged(logger);
            }

            if (!_reachable)
            {
                _reachable = true;
                LogReachable(logger);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            if (_reachable)
            {
                _reachable = false;
                LogUnreachable(logger, ex.Message);
            }
        }
    }

    [LoggerMessage(EventId = 4201, Level = LogLevel.Debug, Message = "The directory changed elsewhere; caches reloaded")]
    private static partial void LogChanged(ILogger logger);

    [LoggerMessage(EventId = 4202, Level = LogLevel.Warning,
        Message = "The store is unreachable ({Reason}); exchanges continue from cache, writes fail until it is back")]
    private static partial void LogUnreachable(ILogger logger, string reason);

    [LoggerMessage(EventId = 4203, Level = LogLevel.Information, Message = "The store is reachable again")]
    private static partial void LogReachable(ILogger logger);
}
