using Tessera.Domain.FederatedCredentials;
using Tessera.Domain.Identities;
using Tessera.Domain.Issuers;
using Tessera.Domain.SignIns;
using Tessera.Domain.Tenants;

namespace Tessera.Storage;

/// <summary>
/// Everything Tessera persists. Writes are transactional and validate directory rules inside the transaction,
/// so two concurrent writers can never together break a limit. Refusals are <see cref="Domain.Rules.DirectoryException"/>.
/// </summary>
public interface IDirectoryStore
{
    Task<Tenant> CreateTenantAsync(string name, CancellationToken cancellationToken);

    Task<IReadOnlyList<Tenant>> ListTenantsAsync(CancellationToken cancellationToken);

    /// <summary>Finds a tenant by its ID or, failing that, by name.</summary>
    Task<Tenant?> FindTenantAsync(string idOrName, CancellationToken cancellationToken);

    Task<Identity> CreateIdentityAsync(Guid tenantId, IdentityDraft draft, CancellationToken cancellationToken);

    Task<IReadOnlyList<Identity>> ListIdentitiesAsync(Guid? tenantId, CancellationToken cancellationToken);

    Task<Identity?> FindIdentityAsync(Guid clientId, CancellationToken cancellationToken);

    Task<Identity?> FindIdentityByNameAsync(Guid tenantId, string name, CancellationToken cancellationToken);

    /// <summary>Finds the app registration a token request names as its resource: by identifier URI or client ID.</summary>
    Task<Identity?> FindResourceAsync(Guid tenantId, string resource, CancellationToken cancellationToken);

    /// <summary>Deletes an identity and its federated credentials together.</summary>
    Task DeleteIdentityAsync(Guid clientId, CancellationToken cancellationToken);

    Task<FederatedCredential> AddFederatedCredentialAsync(
        Guid clientId,
        FederatedCredentialDraft draft,
        FederatedCredentialPolicy policy,
        CancellationToken cancellationToken);

    Task<IReadOnlyList<FederatedCredential>> ListFederatedCredentialsAsync(
        Guid clientId, CancellationToken cancellationToken);

    Task DeleteFederatedCredentialAsync(Guid clientId, string name, CancellationToken cancellationToken);

    /// <summary>Creates a hosted issuer together with its first signing key.</summary>
    Task<HostedIssuer> CreateIssuerAsync(string name, StoredSigningKey firstKey, CancellationToken cancellationToken);

    Task<IReadOnlyList<HostedIssuer>> ListIssuersAsync(CancellationToken cancellationToken);

    Task<HostedIssuer?> FindIssuerAsync(string name, CancellationToken cancellationToken);

    /// <summary>Records an agent credential; <paramref name="secretHash"/> is the SHA-256 of its secret.</summary>
    Task<AgentCredential> CreateAgentCredentialAsync(
        string issuer, string serviceAccounts, string secretHash, CancellationToken cancellationToken);

    Task<IReadOnlyList<AgentCredential>> ListAgentCredentialsAsync(string issuer, CancellationToken cancellationToken);

    Task<AgentCredential?> FindAgentCredentialAsync(string secretHash, CancellationToken cancellationToken);

    Task DeleteAgentCredentialAsync(string issuer, Guid id, CancellationToken cancellationToken);

    /// <summary>Stores (or replaces) the uploaded key set of an external issuer.</summary>
    Task<StaticKeySet> SetStaticKeySetAsync(string issuer, string jwks, CancellationToken cancellationToken);

    Task<IReadOnlyList<StaticKeySet>> ListStaticKeySetsAsync(CancellationToken cancellationToken);

    Task DeleteStaticKeySetAsync(string issuer, CancellationToken cancellationToken);

    /// <summary>Stores (or replaces) how the STS treats an external issuer's tokens.</summary>
    Task<TrustedIssuerSettings> SetTrustedIssuerSettingsAsync(
        string issuer, bool replayProtection, CancellationToken cancellationToken);

    Task<IReadOnlyList<TrustedIssuerSettings>> ListTrustedIssuerSettingsAsync(CancellationToken cancellationToken);

    /// <summary>Deletes an issuer's settings; it gets the defaults again.</summary>
    Task DeleteTrustedIssuerSettingsAsync(string issuer, CancellationToken cancellationToken);

    /// <summary>
    /// Records that the assertion (<paramref name="issuer"/>, <paramref name="jwtId"/>) was exchanged, unless it
    /// already was and has not expired; returns whether this call recorded it. Atomic across replicas. Not a
    /// directory change: caches are not cleared.
    /// </summary>
    Task<bool> TryRecordAssertionUseAsync(
        string issuer, string jwtId, DateTimeOffset expiresAt, CancellationToken cancellationToken);

    /// <summary>Deletes the records of assertions that expired before <paramref name="before"/>; returns how many.</summary>
    Task<int> PruneAssertionUsesAsync(DateTimeOffset before, CancellationToken cancellationToken);

    Task<IReadOnlyList<StoredSigningKey>> ListSigningKeysAsync(string owner, CancellationToken cancellationToken);

    Task AddSigningKeyAsync(StoredSigningKey key, CancellationToken cancellationToken);

    /// <summary>Every signing key of every owner.</summary>
    Task<IReadOnlyList<StoredSigningKey>> ListAllSigningKeysAsync(CancellationToken cancellationToken);

    /// <summary>Replaces the stored form of a private key (to encrypt keys stored before encryption was on).</summary>
    Task ReplacePrivateKeyAsync(string keyId, byte[] privateKey, CancellationToken cancellationToken);

    /// <summary>
    /// Adds <paramref name="next"/> and schedules the keys it replaces: they stop signing when it starts and stay
    /// published for <paramref name="retiredKeyLifetime"/> more. Runs only if <paramref name="isDue"/>, judged on the
    /// owner's keys read under a lock, still says so, so replicas rotating at once rotate once; returns whether it ran.
    /// </summary>
    Task<bool> RotateSigningKeyAsync(
        string owner,
        StoredSigningKey next,
        TimeSpan retiredKeyLifetime,
        Func<IReadOnlyList<StoredSigningKey>, bool> isDue,
        CancellationToken cancellationToken);

    /// <summary>
    /// When <paramref name="owner"/> has a key published but not yet signing, and due later than
    /// <paramref name="activatesAt"/>, makes it sign from then and retires the keys it replaces; under the same lock
    /// as <see cref="RotateSigningKeyAsync"/>. Returns that key's ID, or null when there is none to bring forward.
    /// </summary>
    Task<string?> AdvancePendingSigningKeyAsync(
        string owner, DateTimeOffset activatesAt, TimeSpan retiredKeyLifetime, CancellationToken cancellationToken);

    /// <summary>Deletes keys no longer published since before <paramref name="before"/>; returns how many.</summary>
    Task<int> PurgeSigningKeysAsync(DateTimeOffset before, CancellationToken cancellationToken);

    /// <summary>Appends sign-in records in one transaction.</summary>
    Task AddSignInsAsync(IReadOnlyList<SignInRecord> records, CancellationToken cancellationToken);

    /// <summary>Sign-in records matching the query, newest first.</summary>
    Task<IReadOnlyList<SignInRecord>> QuerySignInsAsync(SignInQuery query, CancellationToken cancellationToken);

    /// <summary>Deletes records older than <paramref name="before"/>, then the oldest beyond <paramref name="keep"/>;
    /// returns how many were deleted.</summary>
    Task<int> TrimSignInsAsync(DateTimeOffset before, int keep, CancellationToken cancellationToken);

    /// <summary>A number that changes whenever the directory does (not the logs); replicas poll it to keep caches fresh.</summary>
    Task<long> GetDirectoryVersionAsync(CancellationToken cancellationToken);

    Task<string?> GetSettingAsync(string name, CancellationToken cancellationToken);

    /// <summary>Stores a setting only if it is not set yet; returns whether this call stored it.</summary>
    Task<bool> TryAddSettingAsync(string name, string value, CancellationToken cancellationToken);

    Task SetSettingAsync(string name, string value, CancellationToken cancellationToken);
}
