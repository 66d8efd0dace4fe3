using Microsoft.Extensions.Logging;
using Tessera.Client.Files;
using Tessera.Domain.Tenants;
using Tessera.Keys;
using Tessera.Server.Admin;
using Tessera.Storage;
using Tessera.Tokens.Keys;

namespace Tessera.Server.Hosting;

/// <summary>
/// What a fresh installation needs before it can serve: a default tenant, the STS's signing key and the admin
/// token. Every step is skipped when already done, so a restart reuses everything.
/// </summary>
public sealed partial class ServerBootstrap(
    IDirectoryStore store, SigningKeyRing keys, DataFolder folder, TimeProvider time, ILogger<ServerBootstrap> logger)
{
    public const string DefaultTenantSetting = "default_tenant_id";
    public const string DefaultTenantName = "default";

    /// <summary>STS signing certificates outlive any token they sign by far; rotation replaces keys sooner.</summary>
    private static readonly TimeSpan s_stsCertificateValidity = TimeSpan.FromDays(730);

    public async Task<Tenant> RunAsync(CancellationToken cancellationToken)
    {
        var tenant = await EnsureDefaultTenantAsync(cancellationToken);
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
        using var key = SigningKey.CreateWithCertificate("RS256", "Tessera STS signing key", now, s_stsCertificateValidity);
        await keys.AddAsync(SigningKeyRing.ToStored(key, KeyOwners.Sts, now), cancellationToken);
        LogCreatedStsKey(logger, key.KeyId);
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

    [LoggerMessage(EventId = 4003, Level = LogLevel.Warning,
        Message = "The admin token file {Path} is missing; the database still holds the token's hash, so the old " +
            "token stays valid. Restore the file from a backup to use the CLI on this machine.")]
    private static partial void LogAdminTokenFileMissing(ILogger logger, string path);
}
