using Tessera.Domain.Identities;
using Tessera.Domain.Rules;
using Tessera.Domain.Tenants;
using Tessera.Server.Hosting;
using Tessera.Storage;

namespace Tessera.Server.Admin;

/// <summary>
/// Resolves the references people type (a tenant by ID or name, an identity by client ID or name) to directory
/// records, or a not-found error that says what was looked for and where.
/// </summary>
public sealed class DirectoryLookup(IDirectoryStore store)
{
    /// <summary>The named tenant, or the default tenant when <paramref name="reference"/> is empty.</summary>
    public async Task<Tenant> TenantAsync(string? reference, CancellationToken cancellationToken)
    {
        var key = string.IsNullOrEmpty(reference)
            ? await store.GetSettingAsync(ServerBootstrap.DefaultTenantSetting, cancellationToken) ?? ServerBootstrap.DefaultTenantName
            : reference;
        return await store.FindTenantAsync(key, cancellationToken)
            ?? throw DirectoryException.NotFound($"No tenant has ID or name '{key}'; see 'tessera tenant list'.");
    }

    /// <summary>An identity by client ID (any tenant) or by name (in the given or default tenant).</summary>
    public async Task<Identity> IdentityAsync(string reference, string? tenantReference, CancellationToken cancellationToken)
    {
        if (Guid.TryParse(reference, out var clientId))
        {
            return await store.FindIdentityAsync(clientId, cancellationToken)
                ?? throw DirectoryException.NotFound($"No identity has client ID '{clientId}'; see 'tessera identity list'.");
        }

        var tenant = await TenantAsync(tenantReference, cancellationToken);
        return await store.FindIdentityByNameAsync(tenant.Id, reference, cancellationToken)
            ?? throw DirectoryException.NotFound(
                $"Tenant '{tenant.Name}' has no identity named '{reference}'; see 'tessera identity list'.");
    }
}
