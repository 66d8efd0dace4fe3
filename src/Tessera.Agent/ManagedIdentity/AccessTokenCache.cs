using Microsoft.Extensions.Logging;

namespace Tessera.Agent.ManagedIdentity;

/// <summary>
/// Access tokens per (identity, resource), served until their refresh time. One exchange at a time per key: a burst
/// of requests for a token not yet cached waits for a single exchange. When a refresh fails, the token in hand is
/// served while it is still usable, so a short outage of Tessera goes unnoticed by the workload.
/// </summary>
public sealed partial class AccessTokenCache(
    IAccessTokenExchanger exchanger, TimeProvider time, ILogger<AccessTokenCache> logger) : IDisposable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(Guid ClientId, string Resource), ExchangedToken> _tokens = [];
    private readonly Dictionary<(Guid ClientId, string Resource), Task<ExchangedToken>> _exchanges = [];

    // An exchange is shared by every waiting caller, so no single caller's cancellation may stop it.
    private readonly CancellationTokenSource _stopping = new();

    /// <summary>How many exchanges have been started, for tests and diagnostics.</summary>
    public int ExchangeCount { get; private set; }

    public async Task<ExchangedToken> GetAsync(
        ServedIdentity identity, string resource, CancellationToken cancellationToken)
    {
        var key = (identity.ClientId, resource);
        ExchangedToken? cached;
        Task<ExchangedToken> exchange;
        TaskCompletionSource<ExchangedToken>? started = null;
        lock (_gate)
        {
            if (_tokens.TryGetValue(key, out cached) && time.GetUtcNow() < cached.RefreshAt)
            {
                return cached;
            }

            if (!_exchanges.TryGetValue(key, out exchange!))
            {
                started = new TaskCompletionSource<ExchangedToken>(TaskCreationOptions.RunContinuationsAsynchronously);
                exchange = started.Task;
                _exchanges[key] = exchange;
                ExchangeCount++;
            }
        }

        if (started is not null)
        {
            // Started outside the lock, and registered before it starts, so a fast exchange cannot finish first.
            _ = ExchangeAsync(key, identity, started);
        }

        try
        {
            return await exchange.WaitAsync(cancellationToken);
        }
        catch (ManagedIdentityException ex) when (cached is not null && time.GetUtcNow() < cached.UsableUntil)
        {
            LogServedAfterFailedRefresh(logger, identity.ClientId, resource, cached.UsableUntil, ex.Message);
            return cached;
        }
    }

    public void Dispose()
    {
        _stopping.Cancel();
        _stopping.Dispose();
    }

    private async Task ExchangeAsync(
        (Guid ClientId, string Resource) key, ServedIdentity identity, TaskCompletionSource<ExchangedToken> result)
    {
        try
        {
            var token = await exchanger.ExchangeAsync(identity, key.Resource, _stopping.Token);
            lock (_gate)
            {
                _tokens[key] = token;
                _exchanges.Remove(key);
            }

            result.SetResult(token);
        }
        catch (Exception ex)
        {
            lock (_gate)
            {
                _exchanges.Remove(key);
            }

            result.SetException(ex is ManagedIdentityException or OperationCanceledException
                ? ex
                : new ManagedIdentityException(new EndpointError(500, "server_error",
                    $"Getting a token for resource '{key.Resource}' failed unexpectedly: {ex.Message}"), ex));
        }
    }

    [LoggerMessage(EventId = 5103, Level = LogLevel.Warning,
        Message = "Refreshing the token of {ClientId} for {Resource} failed ({Reason}); serving the cached one, " +
            "usable until {UsableUntil:u}")]
    private static partial void LogServedAfterFailedRefresh(
        ILogger logger, Guid clientId, string resource, DateTimeOffset usableUntil, string reason);
}
