using System.Collections.Concurrent;
using Tessera.Keys.Telemetry;
using Tessera.Storage;

namespace Tessera.Sts.Roles;

/// <summary>
/// The roles a principal holds on a resource, kept in memory for <see cref="Lifetime"/> so the token exchange
/// costs no database round trip for them once warm. Any directory change clears it: at once when made through
/// this server, within about a second when another replica made it (the directory change watcher). While the
/// database is unreachable, expired entries keep serving, as the rest of the directory cache does.
/// </summary>
public sealed class RoleCache(IRoleStore store, TimeProvider time, TesseraMetrics metrics)
{
    /// <summary>More entries than this and the cache starts over, so a flood of identities cannot grow it
    /// unbounded.</summary>
    private const int MaxEntries = 10_000;

    private ConcurrentDictionary<(Guid Principal, Guid? Resource), Entry> _entries = new();

    public TimeSpan Lifetime { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The roles of <paramref name="principalId"/> on an app registration, or on Tessera itself when
    /// <paramref name="resourceClientId"/> is null.</summary>
    public async Task<IReadOnlyList<string>> GetAsync(
        Guid principalId, Guid? resourceClientId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var entries = _entries;
        if (entries.TryGetValue((principalId, resourceClientId), out var entry) && now < entry.ExpiresAt)
        {
            metrics.RoleLookup(hit: true);
            return entry.Roles;
        }

        metrics.RoleLookup(hit: false);
        IReadOnlyList<string> roles;
        try
        {
            roles = await store.ListRolesAsync(principalId, resourceClientId, cancellationToken);
        }
        catch (Exception ex) when (entry is not null
            && ex is System.Data.Common.DbException or InvalidOperationException or TimeoutException)
        {
            return entry.Roles;
        }

        if (entries.Count >= MaxEntries)
        {
            Invalidate();
            entries = _entries;
        }

        entries[(principalId, resourceClientId)] = new Entry(roles, now + Lifetime);
        return roles;
    }

    /// <summary>Forgets every entry: called after any change to role assignments, app roles or identities.</summary>
    public void Invalidate() => _entries = new();

    private sealed record Entry(IReadOnlyList<string> Roles, DateTimeOffset ExpiresAt);
}
