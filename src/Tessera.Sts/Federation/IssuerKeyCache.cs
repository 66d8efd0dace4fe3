using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Tessera.Keys.Telemetry;
using Tessera.Tokens.KeySets;

namespace Tessera.Sts.Federation;

/// <summary>
/// Keeps each issuer's key set in memory. A token naming an unknown kid triggers at most one refetch per issuer at
/// a time and per <see cref="IssuerFetchOptions.MinRefetchInterval"/>; a kid still unknown afterwards is
/// remembered, so a flood of forged kids cannot turn into a flood of fetches. When an issuer is unreachable,
/// keys fetched earlier keep serving for up to <see cref="IssuerFetchOptions.MaxStaleness"/>.
/// </summary>
public sealed partial class IssuerKeyCache(
    IssuerMetadataFetcher fetcher, StsOptions options, TimeProvider time, TesseraMetrics metrics,
    ILogger<IssuerKeyCache> logger)
    : IIssuerKeySource
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    private IssuerFetchOptions Options => options.IssuerFetch;

    public async Task<IssuerKeySet> GetKeysAsync(string issuer, string? keyId, CancellationToken cancellationToken)
    {
        var entry = _entries.GetOrAdd(issuer, _ => new Entry());
        var now = time.GetUtcNow();
        var snapshot = entry.Snapshot;
        if (snapshot is not null && now < snapshot.FreshUntil && !NeedsRefetch(snapshot, keyId, now))
        {
            metrics.IssuerKeyLookup(hit: true);
            return snapshot.Keys;
        }

        metrics.IssuerKeyLookup(hit: false);
        await entry.Gate.WaitAsync(cancellationToken);
        try
        {
            // Another caller may have refreshed while this one waited; use its result.
            snapshot = entry.Snapshot;
            now = time.GetUtcNow();
            if (snapshot is not null && now < snapshot.FreshUntil && !NeedsRefetch(snapshot, keyId, now))
            {
                return snapshot.Keys;
            }

            return await RefreshAsync(issuer, keyId, entry, snapshot, now, cancellationToken);
        }
        finally
        {
            entry.Gate.Release();
        }
    }

    private async Task<IssuerKeySet> RefreshAsync(
        string issuer, string? keyId, Entry entry, Snapshot? previous, DateTimeOffset now, CancellationToken cancellationToken)
    {
        FetchedKeySet fetched;
        try
        {
            fetched = await fetcher.FetchAsync(issuer, cancellationToken);
        }
        catch (IssuerFetchException ex) when (previous is not null && now - previous.FetchedAt < Options.MaxStaleness)
        {
            LogServingStale(logger, issuer, ex.Message);
            entry.Snapshot = previous with { FreshUntil = now + Options.MinRefetchInterval };
            return previous.Keys;
        }

        var lifetime = fetched.MaxAge is { } maxAge && maxAge < Options.CacheDuration ? maxAge : Options.CacheDuration;
        if (lifetime < Options.MinRefetchInterval)
        {
            lifetime = Options.MinRefetchInterval;
        }

        var unknown = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        if (keyId is not null && !Knows(fetched.Keys, keyId))
        {
            unknown[keyId] = now + Options.UnknownKeyCacheDuration;
        }

        entry.Snapshot = new Snapshot(fetched.Keys, now, now + lifetime, unknown);
        LogFetched(logger, issuer, fetched.Keys.Keys.Count, fetched.Keys.RefusedKeys.Count);
        return fetched.Keys;
    }

    /// <summary>Whether a kid missing from fresh keys justifies fetching again now.</summary>
    private bool NeedsRefetch(Snapshot snapshot, string? keyId, DateTimeOffset now)
    {
        if (keyId is null || Knows(snapshot.Keys, keyId))
        {
            return false;
        }

        if (snapshot.UnknownKeys.TryGetValue(keyId, out var until) && now < until)
        {
            return false;
        }

        return now - snapshot.FetchedAt >= Options.MinRefetchInterval;
    }

    private static bool Knows(IssuerKeySet keys, string keyId) =>
        keys.Keys.ContainsKey(keyId) || keys.RefusedKeys.ContainsKey(keyId);

    private sealed class Entry
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);

        public volatile Snapshot? Snapshot;
    }

    private sealed record Snapshot(
        IssuerKeySet Keys,
        DateTimeOffset FetchedAt,
        DateTimeOffset FreshUntil,
        IReadOnlyDictionary<string, DateTimeOffset> UnknownKeys);

    [LoggerMessage(EventId = 3101, Level = LogLevel.Information,
        Message = "Fetched the key set of issuer {Issuer}: {Usable} usable key(s), {Refused} refused")]
    private static partial void LogFetched(ILogger logger, string issuer, int usable, int refused);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Warning,
        Message = "Issuer {Issuer} could not be refreshed, serving its earlier keys: {Reason}")]
    private static partial void LogServingStale(ILogger logger, string issuer, string reason);
}
