using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Tessera.Storage;
using Tessera.Tokens.Keys;

namespace Tessera.Keys;

/// <summary>
/// Loads signing keys from the store and keeps them in memory, so signing and publishing keys costs no database
/// round trip. Entries are reloaded after <see cref="RefreshInterval"/> (so keys written by another replica are
/// seen), or at once after <see cref="Invalidate"/>.
/// </summary>
public sealed partial class SigningKeyRing(
    IDirectoryStore store, KeyProtector protector, TimeProvider time, ILogger<SigningKeyRing> logger)
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    // Imported keys by kid, reused across reloads: importing is not free, and a key's material never changes.
    private readonly ConcurrentDictionary<string, SigningKey> _imported = new(StringComparer.Ordinal);

    // Bumped by every invalidation: a reload that read the store before an invalidation must not be cached as fresh
    // after it, or a key change just made would stay unseen for a whole refresh interval.
    private long _generation;

    public TimeSpan RefreshInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The active and published keys of <paramref name="owner"/>.</summary>
    public async Task<SigningKeySet> GetAsync(string owner, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_entries.TryGetValue(owner, out var entry) && now - entry.LoadedAt < RefreshInterval)
        {
            return Select(entry.Keys, now);
        }

        var generation = Interlocked.Read(ref _generation);
        IReadOnlyList<StoredSigningKey> stored;
        try
        {
            stored = await store.ListSigningKeysAsync(owner, cancellationToken);
        }
        catch (Exception ex) when (entry is not null && ex is not OperationCanceledException)
        {
            // The database is unreachable: keep signing with the keys already loaded, and try again shortly.
            LogReloadFailed(logger, owner, ex.Message);
            _entries[owner] = entry with { LoadedAt = now - RefreshInterval + TimeSpan.FromSeconds(5) };
            return Select(entry.Keys, now);
        }

        var keys = stored.Select(Import).ToList();
        _entries[owner] = new Entry(keys, Interlocked.Read(ref _generation) == generation ? now : DateTimeOffset.MinValue);
        LogLoaded(logger, owner, keys.Count);
        return Select(keys, now);
    }

    /// <summary>Adds a key for its owner and makes it visible at once.</summary>
    public async Task AddAsync(StoredSigningKey key, CancellationToken cancellationToken)
    {
        await store.AddSigningKeyAsync(key, cancellationToken);
        Invalidate(key.Owner);
    }

    /// <summary>Marks the keys of <paramref name="owner"/> for reloading on next use.</summary>
    public void Invalidate(string owner) => MarkStale(owner);

    /// <summary>Marks every owner's keys for reloading on next use (the directory changed).</summary>
    public void InvalidateAll()
    {
        foreach (var owner in _entries.Keys)
        {
            MarkStale(owner);
        }
    }

    // Stale rather than removed: should the reload fail, the keys already loaded keep serving.
    private void MarkStale(string owner)
    {
        Interlocked.Increment(ref _generation);
        if (_entries.TryGetValue(owner, out var entry))
        {
            _entries[owner] = entry with { LoadedAt = DateTimeOffset.MinValue };
        }
    }

    /// <summary>
    /// Describes a new key as the store keeps it (private key encrypted): published now, signing from
    /// <paramref name="activatesAt"/> (now when null), never expiring yet.
    /// </summary>
    public StoredSigningKey ToStored(SigningKey key, string owner, DateTimeOffset now, DateTimeOffset? activatesAt = null) =>
        new(key.KeyId, owner, key.Algorithm, protector.Protect(key.ExportPkcs8(), key.KeyId), key.Certificate?.RawData,
            now, activatesAt ?? now, null, null);

    private static SigningKeySet Select(IReadOnlyList<(StoredSigningKey Stored, SigningKey Key)> keys, DateTimeOffset now)
    {
        var published = keys
            .Where(k => k.Stored.CreatedAt <= now && (k.Stored.ExpiresAt is null || k.Stored.ExpiresAt > now))
            .Select(k => k.Key)
            .ToList();
        var active = keys
            .Where(k => k.Stored.ActivatesAt <= now && (k.Stored.RetiresAt is null || k.Stored.RetiresAt > now))
            .OrderByDescending(k => k.Stored.ActivatesAt)
            .Select(k => k.Key)
            .FirstOrDefault();
        return new SigningKeySet(active, published);
    }

    private (StoredSigningKey, SigningKey) Import(StoredSigningKey stored) =>
        (stored, _imported.GetOrAdd(stored.KeyId, _ =>
            SigningKey.Import(stored.Algorithm, protector.Unprotect(stored.PrivateKey, stored.KeyId), stored.Certificate)));

    private sealed record Entry(IReadOnlyList<(StoredSigningKey Stored, SigningKey Key)> Keys, DateTimeOffset LoadedAt);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Debug, Message = "Loaded {Count} signing key(s) of {Owner}")]
    private static partial void LogLoaded(ILogger logger, string owner, int count);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Warning,
        Message = "Could not reload the signing keys of {Owner}; the loaded ones keep serving: {Reason}")]
    private static partial void LogReloadFailed(ILogger logger, string owner, string reason);
}
