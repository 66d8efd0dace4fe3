using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Tessera.Keys;
using Tessera.Storage;

namespace Tessera.Server.Hosting;

/// <summary>
/// The scheduled rotation: every few minutes, replaces the STS's and each hosted issuer's signing key once it has
/// signed for the rotation interval, and deletes keys no longer published. Every replica runs it; the store's lock
/// lets one of them rotate.
/// </summary>
public sealed partial class KeyRotationService(
    IDirectoryStore store, KeyRotator rotator, KeyRotationOptions options, TimeProvider time, ILogger<KeyRotationService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await Task.Delay(options.CheckInterval, time, stoppingToken);
                await RunOnceAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    /// <summary>Rotates what is due and purges what has expired; failures are logged and retried next time.</summary>
    public async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        try
        {
            var owners = new List<string> { KeyOwners.Sts };
            owners.AddRange((await store.ListIssuersAsync(cancellationToken)).Select(i => KeyOwners.Issuer(i.Name)));
            foreach (var owner in owners)
            {
                await rotator.RotateAsync(owner, lead: null, scheduled: true, cancellationToken);
            }

            var purged = await store.PurgeSigningKeysAsync(time.GetUtcNow() - TimeSpan.FromDays(1), cancellationToken);
            if (purged > 0)
            {
                LogPurged(logger, purged);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogFailed(logger, ex.Message);
        }
    }

    [LoggerMessage(EventId = 4301, Level = LogLevel.Information, Message = "Deleted {Count} signing key(s) no longer published")]
    private static partial void LogPurged(ILogger logger, int count);

    [LoggerMessage(EventId = 4302, Level = LogLevel.Warning, Message = "The scheduled key rotation failed and will retry: {Reason}")]
    private static partial void LogFailed(ILogger logger, string reason);
}
