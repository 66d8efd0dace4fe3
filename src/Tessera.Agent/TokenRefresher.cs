using Microsoft.Extensions.Logging;

namespace Tessera.Agent;

/// <summary>
/// Keeps a token file fresh: renews at 80% of each token's lifetime (with a little jitter, so many agents do not
/// renew in step), retries with backoff when renewal fails, and leaves the old token in place until it expires.
/// </summary>
public sealed partial class TokenRefresher(
    IWorkloadTokenSource source, TokenFile file, TimeProvider time, ILogger<TokenRefresher> logger)
{
    private static readonly TimeSpan s_firstRetry = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan s_maxRetry = TimeSpan.FromSeconds(60);

    /// <summary>Never renew more often than this, whatever the token's lifetime.</summary>
    private static readonly TimeSpan s_minimumDelay = TimeSpan.FromSeconds(5);

    /// <summary>Writes the first token; fails when none can be had, so the workload never starts without one.</summary>
    public async Task<WorkloadToken> WriteFirstAsync(CancellationToken cancellationToken)
    {
        var token = await source.GetAsync(cancellationToken);
        file.Write(token);
        LogWritten(logger, file.Path, token.ExpiresAt);
        return token;
    }

    /// <summary>Renews until cancelled, starting from <paramref name="current"/>, just written.</summary>
    public async Task RunAsync(WorkloadToken current, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            await DelayAsync(RenewalDelay(current), cancellationToken);
            current = await RenewAsync(current, cancellationToken);
        }
    }

    /// <summary>
    /// 80% of the token's lifetime, shortened by up to 5% at random. Measured from when the token was received, not
    /// from its <c>iat</c>, so a clock that differs from the issuer's cannot make the agent renew too late or in a
    /// tight loop.
    /// </summary>
    public TimeSpan RenewalDelay(WorkloadToken token)
    {
        var jitter = token.Lifetime * (Random.Shared.NextDouble() * 0.05);
        var delay = (token.Lifetime * 0.8) - jitter;
        return delay > s_minimumDelay ? delay : s_minimumDelay;
    }

    private async Task<WorkloadToken> RenewAsync(WorkloadToken current, CancellationToken cancellationToken)
    {
        var wait = s_firstRetry;
        while (true)
        {
            try
            {
                var token = await source.GetAsync(cancellationToken);
                file.Write(token);
                LogWritten(logger, file.Path, token.ExpiresAt);
                return token;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                var remaining = current.ExpiresAt - time.GetUtcNow();
                LogRenewalFailed(logger, ex.Message, remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero, wait);
                await DelayAsync(wait, cancellationToken);
                wait = wait * 2 < s_maxRetry ? wait * 2 : s_maxRetry;
            }
        }
    }

    private Task DelayAsync(TimeSpan delay, CancellationToken cancellationToken) =>
        Task.Delay(delay, time, cancellationToken);

    [LoggerMessage(EventId = 5001, Level = LogLevel.Information, Message = "Wrote a workload token to {Path}, valid until {ExpiresAt:u}")]
    private static partial void LogWritten(ILogger logger, string path, DateTimeOffset expiresAt);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Warning,
        Message = "Renewing the workload token failed ({Reason}); the current token stays for {Remaining}; retrying in {Wait}")]
    private static partial void LogRenewalFailed(ILogger logger, string reason, TimeSpan remaining, TimeSpan wait);
}
