using System.Collections.Concurrent;
using Tessera.Domain.FederatedCredentials;
using Tessera.Domain.Identities;
using Tessera.Domain.Issuers;
using Tessera.Domain.SignIns;
using Tessera.Domain.Tenants;

namespace Tessera.Storage.Caching;

/// <summary>
/// Keeps the reads of a token exchange (tenant, identity, federated credentials, resource, issuer) in memory, so in
/// steady state an exchange makes no database round trip. Every write through this store clears the cache at once;
/// writes by other replicas are noticed through <see cref="ObserveVersionAsync"/>, which a background watcher calls
/// every second. While the database is unreachable, what is cached keeps serving.
/// </summary>
public sealed class CachedDirectoryStore(IDirectoryStore inner) : IDirectoryStore
{
    /// <summary>Beyond this many entries the cache starts over rather than grow without bound.</summary>
    public const int MaxEntries = 200_000;

    private readonly ConcurrentDictionary<(string Kind, string Key), object> _entries = new();
    private long _generation;
    private long _knownVersion = -1;
    private long _hits;
    private long _misses;

    /// <summary>How many reads were answered from memory, and how many went to the database.</summary>
    public (long Hits, long Misses) Statistics => (Interlocked.Read(ref _hits), Interlocked.Read(ref _misses));

    /// <summary>Raised after the cache was cleared because the directory changed.</summary>
    public event Action? Changed;

    /// <summary>Reads the directory version and clears the cache when another writer moved it; true if it did.</summary>
    public async Task<bool> ObserveVersionAsync(CancellationToken cancellationToken)
    {
        var generation = Interlocked.Read(ref _generation);
        var version = await inner.GetDirectoryVersionAsync(cancellationToken);
        if (Interlocked.Read(ref _generation) != generation)
        {
            // A local write finished while this read was in flight and noted a version at least as new; taking this
            // one would move the known version backwards and clear the cache twice more for a change already seen.
            return false;
        }

        var previous = Interlocked.Exchange(ref _knownVersion, version);
        if (previous == version)
        {
            return false;
        }

        Clear();
        return previous != -1;
    }

    public void Clear()
    {
        Interlocked.Increment(ref _generation);
        _entries.Clear();
        Changed?.Invoke();
    }

    public Task<Tenant?> FindTenantAsync(string idOrName, CancellationToken cancellationToken) =>
        CachedAsync("tenant", idOrName.ToLowerInvariant(), () => inner.FindTenantAsync(idOrName, cancellationToken));

    public Task<Identity?> FindIdentityAsync(Guid clientId, CancellationToken cancellationToken) =>
        CachedAsync("identity", clientId.ToString(), () => inner.FindIdentityAsync(clientId, cancellationToken));

    public Task<Identity?> FindIdentityByNameAsync(Guid tenantId, string name, CancellationToken cancellationToken) =>
        CachedAsync("identity-name", $"{tenantId}/{name}", () => inner.FindIdentityByNameAsync(tenantId, name, cancellationToken));

    public Task<Identity?> FindResourceAsync(Guid tenantId, string resource, CancellationToken cancellationToken) =>
        CachedAsync("resource", $"{tenantId}/{resource}", () => inner.FindResourceAsync(tenantId, resource, cancellationToken));

    public async Task<IReadOnlyList<FederatedCredential>> ListFederatedCredentialsAsync(
        Guid clientId, CancellationToken cancellationToken) =>
        (await CachedAsync<IReadOnlyList<FederatedCredential>>("credentials", clientId.ToString(),
            async () => await inner.ListFederatedCredentialsAsync(clientId, cancellationToken)))!;

    public Task<HostedIssuer?> FindIssuerAsync(string name, CancellationToken cancellationToken) =>
        CachedAsync("issuer", name, () => inner.FindIssuerAsync(name, cancellationToken));

    /// <summary>Cached whole: the STS asks for every exchange whether the issuer has an uploaded key set, and the
    /// answer is usually no, which a per-issuer cache of found rows could not remember.</summary>
    public async Task<IReadOnlyList<StaticKeySet>> ListStaticKeySetsAsync(CancellationToken cancellationToken) =>
        (await CachedAsync<IReadOnlyList<StaticKeySet>>("static-key-sets", "",
            async () => await inner.ListStaticKeySetsAsync(cancellationToken)))!;

    public Task<StaticKeySet> SetStaticKeySetAsync(string issuer, string jwks, CancellationToken cancellationToken) =>
        WriteAsync(() => inner.SetStaticKeySetAsync(issuer, jwks, cancellationToken));

    public Task DeleteStaticKeySetAsync(string issuer, CancellationToken cancellationToken) =>
        WriteAsync(() => inner.DeleteStaticKeySetAsync(issuer, cancellationToken));

    /// <summary>Cached whole, like the key sets: the STS asks for every exchange, and most issuers have none.</summary>
    public async Task<IReadOnlyList<TrustedIssuerSettings>> ListTrustedIssuerSettingsAsync(
        CancellationToken cancellationToken) =>
        (await CachedAsync<IReadOnlyList<TrustedIssuerSettings>>("trusted-issuer-settings", "",
            async () => await inner.ListTrustedIssuerSettingsAsync(cancellationToken)))!;

    public Task<TrustedIssuerSettings> SetTrustedIssuerSettingsAsync(
        string issuer, bool replayProtection, CancellationToken cancellationToken) =>
        WriteAsync(() => inner.SetTrustedIssuerSettingsAsync(issuer, replayProtection, cancellationToken));

    public Task DeleteTrustedIssuerSettingsAsync(string issuer, CancellationToken cancellationToken) =>
        WriteAsync(() => inner.DeleteTrustedIssuerSettingsAsync(issuer, cancellationToken));

    /// <summary>Always the database: the point is that every replica sees every use at once.</summary>
    public Task<bool> TryRecordAssertionUseAsync(
        string issuer, string jwtId, DateTimeOffset expiresAt, CancellationToken cancellationToken) =>
        inner.TryRecordAssertionUseAsync(issuer, jwtId, expiresAt, cancellationToken);

    public Task<int> PruneAssertionUsesAsync(DateTimeOffset before, CancellationToken cancellationToken) =>
        inner.PruneAssertionUsesAsync(before, cancellationToken);

    public Task<AgentCredential?> FindAgentCredentialAsync(string secretHash, CancellationToken cancellationToken) =>
        CachedAsync("agent", secretHash, () => inner.FindAgentCredentialAsync(secretHash, cancellationToken));

    // Writes go through and clear the cache; other reads are administrative and go straight to the database.

    public Task<Tenant> CreateTenantAsync(string name, CancellationToken cancellationToken) =>
        WriteAsync(() => inner.CreateTenantAsync(name, cancellationToken));

    public Task<IReadOnlyList<Tenant>> ListTenantsAsync(CancellationToken cancellationToken) =>
        inner.ListTenantsAsync(cancellationToken);

    public Task<Identity> CreateIdentityAsync(Guid tenantId, IdentityDraft draft, CancellationToken cancellationToken) =>
        WriteAsync(() => inner.CreateIdentityAsync(tenantId, draft, cancellationToken));

    public Task<IReadOnlyList<Identity>> ListIdentitiesAsync(Guid? tenantId, CancellationToken cancellationToken) =>
        inner.ListIdentitiesAsync(tenantId, cancellationToken);

    public Task DeleteIdentityAsync(Guid clientId, CancellationToken cancellationToken) =>
        WriteAsync(() => inner.DeleteIdentityAsync(clientId, cancellationToken));

    public Task<FederatedCredential> AddFederatedCredentialAsync(
        Guid clientId, FederatedCredentialDraft draft, FederatedCredentialPolicy policy, CancellationToken cancellationToken) =>
        WriteAsync(() => inner.AddFederatedCredentialAsync(clientId, draft, policy, cancellationToken));

    public Task DeleteFederatedCredentialAsync(Guid clientId, string name, CancellationToken cancellationToken) =>
        WriteAsync(() => inner.DeleteFederatedCredentialAsync(clientId, name, cancellationToken));

    public Task<HostedIssuer> CreateIssuerAsync(string name, StoredSigningKey firstKey, CancellationToken cancellationToken) =>
        WriteAsync(() => inner.CreateIssuerAsync(name, firstKey, cancellationToken));

    public Task<IReadOnlyList<HostedIssuer>> ListIssuersAsync(CancellationToken cancellationToken) =>
        inner.ListIssuersAsync(cancellationToken);

    public Task<AgentCredential> CreateAgentCredentialAsync(
        string issuer, string serviceAccounts, string secretHash, CancellationToken cancellationToken) =>
        WriteAsync(() => inner.CreateAgentCredentialAsync(issuer, serviceAccounts, secretHash, cancellationToken));

    public Task<IReadOnlyList<AgentCredential>> ListAgentCredentialsAsync(string issuer, CancellationToken cancellationToken) =>
        inner.ListAgentCredentialsAsync(issuer, cancellationToken);

    public Task DeleteAgentCredentialAsync(string issuer, Guid id, CancellationToken cancellationToken) =>
        WriteAsync(() => inner.DeleteAgentCredentialAsync(issuer, id, cancellationToken));

    public Task<IReadOnlyList<StoredSigningKey>> ListSigningKeysAsync(string owner, CancellationToken cancellationToken) =>
        inner.ListSigningKeysAsync(owner, cancellationToken);

    public Task AddSigningKeyAsync(StoredSigningKey key, CancellationToken cancellationToken) =>
        WriteAsync(() => inner.AddSigningKeyAsync(key, cancellationToken));

    public Task<IReadOnlyList<StoredSigningKey>> ListAllSigningKeysAsync(CancellationToken cancellationToken) =>
        inner.ListAllSigningKeysAsync(cancellationToken);

    public Task ReplacePrivateKeyAsync(string keyId, byte[] privateKey, CancellationToken cancellationToken) =>
        WriteAsync(() => inner.ReplacePrivateKeyAsync(keyId, privateKey, cancellationToken));

    public Task<bool> RotateSigningKeyAsync(
        string owner, StoredSigningKey next, TimeSpan retiredKeyLifetime, Func<IReadOnlyList<StoredSigningKey>, bool> isDue,
        CancellationToken cancellationToken) =>
        WriteAsync(() => inner.RotateSigningKeyAsync(owner, next, retiredKeyLifetime, isDue, cancellationToken),
            changed: rotated => rotated);

    public Task<string?> AdvancePendingSigningKeyAsync(
        string owner, DateTimeOffset activatesAt, TimeSpan retiredKeyLifetime, CancellationToken cancellationToken) =>
        WriteAsync(() => inner.AdvancePendingSigningKeyAsync(owner, activatesAt, retiredKeyLifetime, cancellationToken),
            changed: advanced => advanced is not null);

    public Task<int> PurgeSigningKeysAsync(DateTimeOffset before, CancellationToken cancellationToken) =>
        WriteAsync(() => inner.PurgeSigningKeysAsync(before, cancellationToken), changed: purged => purged > 0);

    public Task AddSignInsAsync(IReadOnlyList<SignInRecord> records, CancellationToken cancellationToken) =>
        inner.AddSignInsAsync(records, cancellationToken);

    public Task<IReadOnlyList<SignInRecord>> QuerySignInsAsync(SignInQuery query, CancellationToken cancellationToken) =>
        inner.QuerySignInsAsync(query, cancellationToken);

    public Task<int> TrimSignInsAsync(DateTimeOffset before, int keep, CancellationToken cancellationToken) =>
        inner.TrimSignInsAsync(before, keep, cancellationToken);

    public Task<long> GetDirectoryVersionAsync(CancellationToken cancellationToken) =>
        inner.GetDirectoryVersionAsync(cancellationToken);

    public Task<string?> GetSettingAsync(string name, CancellationToken cancellationToken) =>
        inner.GetSettingAsync(name, cancellationToken);

    public Task<bool> TryAddSettingAsync(string name, string value, CancellationToken cancellationToken) =>
        inner.TryAddSettingAsync(name, value, cancellationToken);

    public Task SetSettingAsync(string name, string value, CancellationToken cancellationToken) =>
        inner.SetSettingAsync(name, value, cancellationToken);

    /// <summary>
    /// Answers from memory or reads and remembers. A read that raced a clear is not remembered, so a stale row can
    /// never outlive the change that made it stale. Misses (nothing found) are not remembered: they would let
    /// anyone fill memory with made-up names.
    /// </summary>
    private async Task<T?> CachedAsync<T>(string kind, string key, Func<Task<T?>> read)
        where T : class
    {
        if (_entries.TryGetValue((kind, key), out var cached))
        {
            Interlocked.Increment(ref _hits);
            return (T)cached;
        }

        Interlocked.Increment(ref _misses);
        var generation = Interlocked.Read(ref _generation);
        var value = await read();
        if (value is not null && generation == Interlocked.Read(ref _generation))
        {
            if (_entries.Count >= MaxEntries)
            {
                _entries.Clear();
            }

            _entries[(kind, key)] = value;
        }

        return value;
    }

    /// <param name="changed">Whether the write's result means the directory changed; when it did not (a rotation
    /// not yet due), the cache stays warm. Failed writes always clear it: what they did is unknown.</param>
    private async Task<T> WriteAsync<T>(Func<Task<T>> write, Func<T, bool>? changed = null)
    {
        T result;
        try
        {
            result = await write();
        }
        catch
        {
            await ForgetAfterWriteAsync();
            throw;
        }

        if (changed?.Invoke(result) ?? true)
        {
            await ForgetAfterWriteAsync();
        }

        return result;
    }

    private async Task WriteAsync(Func<Task> write)
    {
        try
        {
            await write();
        }
        finally
        {
            await ForgetAfterWriteAsync();
        }
    }

    /// <summary>
    /// Clears the cache after a local write, having first noted the version that write produced, so the watcher does
    /// not clear it a second time for the same change.
    /// </summary>
    private async Task ForgetAfterWriteAsync()
    {
        try
        {
            Interlocked.Exchange(ref _knownVersion, await inner.GetDirectoryVersionAsync(CancellationToken.None));
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or InvalidOperationException)
        {
            // The write failed for want of a database too; the watcher will catch up.
        }

        Clear();
    }
}
