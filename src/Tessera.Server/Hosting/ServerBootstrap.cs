using Microsoft.Extensions.Logging;
using Tessera.Client.Files;
using Tessera.Domain.Tenants;
using Tessera.Keys;
using Tessera.Server.Admin;
using Tessera.Storage;

namespace Tessera.Server.Hosting;

/// <summary>
/// What a fresh installation needs before it can serve: a default tenant, the STS's signing key and the admin
/// token. Every step is skipped when already done, so a restart reuses everything.
/// </summary>
public sealed partial class ServerBootstrap(
    IDirectoryStore store,
    SigningKeyRing keys,
    KeyProtector protector,
    KeyRotationOptions rotation,
    DataFolder folder,
    TimeProvider time,
    ILogger<ServerBootstrap> logger)
{
    public const string DefaultTenantSetting = "default_tenant_id";
    public const string DefaultTenantName = "default";

    public async Task<Tenant> RunAsync(CancellationToken cancellationToken)
    {
        var tenant = await EnsureDefaultTenantAsync(cancellationToken);
        await EncryptStoredKeysAsync(cancellationToken);
        await EnsureStsKeyAsync(cancellationToken);
        await EnsureAdminTokenAsync(cancellationToken);
        return tenant;
    }

    private async Task<Tenant> EnsureDefaultTenantAsync(CancellationToken cancellationToken)
    {
        var id = await store.GetSettingAsync(DefaultTenantSetting, cancellationToken);
        if (id is not null && await store.FindTenantAsync(id, cancellationToken) is { } existing)
        {
            return existing;
        }

        var tenant = await store.FindTenantAsync(DefaultTenantName, cancellationToken)
            ?? await store.CreateTenantAsync(DefaultTenantName, cancellationToken);
        await store.SetSettingAsync(DefaultTenantSetting, tenant.Id.ToString(), cancellationToken);
        LogCreatedTenant(logger, tenant.Id);
        return tenant;
    }

    private async Task EnsureStsKeyAsync(CancellationToken cancellationToken)
    {
        var set = await keys.GetAsync(KeyOwners.Sts, cancellationToken);
        if (set.Active is not null)
        {
            return;
        }

        var now = time.GetUtcNow();
        using var key = KeyRotator.CreateStsKey(rotation.StsAlgorithm, now);
        await keys.AddAsync(keys.ToStored(key, KeyOwners.Sts, now), cancellationToken);
        LogCreatedStsKey(logger, key.KeyId);
    }

    /// <summary>Keys stored before a key-encryption key was in use are encrypted now, in place.</summary>
    private async Task EncryptStoredKeysAsync(CancellationToken cancellationToken)
    {
        if (!protector.Encrypts)
        {
            return;
        }

        foreach (var key in (await store.ListAllSigningKeysAsync(cancellationToken)).Where(k => !KeyProtector.IsProtected(k.PrivateKey)))
        {
            await store.ReplacePrivateKeyAsync(key.KeyId, protector.Protect(key.PrivateKey, key.KeyId), cancellationToken);
            LogEncrypted(logger, key.KeyId);
        }
    }

    private async Task EnsureAdminTokenAsync(CancellationToken cancellationToken)
    {
        if (await store.GetSettingAsync(BearerSecrets.AdminHashSetting, cancellationToken) is not null)
        {
            if (!File.Exists(folder.AdminToken))
            {
                LogAdminTokenFileMissing(logger, folder.AdminToken);
            }

            return;
        }

        var token = BearerSecrets.Generate(BearerSecrets.AdminPrefix);
        PrivateFiles.Write(folder.AdminToken, token);
        if (!await store.TryAddSettingAsync(BearerSecrets.AdminHashSetting, BearerSecrets.Hash(token), cancellationToken))
        {
            // Another replica won the race; its token is the valid one.
            File.Delete(folder.AdminToken);
        }
    }

    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "Created the default tenant {TenantId}")]
    private static partial void LogCreatedTenant(ILogger logger, Guid tenantId);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Information, Message = "Created the STS signing key {KeyId}")]
    private static partial void LogCreatedStsKey(ILogger logger, string keyId);

    [LoggerMessage(EventId = 4005, Level = LogLevel.Information, Message = "Encrypted signing key {KeyId} at rest")]
    private static partial void LogEncrypted(ILogger logger, string keyId);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Warning,
        Message = "The admin token file {Path} is missing; the database still holds the token's hash, so the old " +
            "token stays valid. Restore the file from a backup to use the CLI on this machine.")]
    private static partial void LogAdminTokenFileMissing(ILogger logger, string path);
}
