using System.Data.Common;
using Dapper;
using Tessera.Domain.Identities;
using Tessera.Domain.Rules;

namespace Tessera.Storage.Sql;

public sealed partial class SqlDirectoryStore
{
    public async Task<Identity> CreateIdentityAsync(Guid tenantId, IdentityDraft draft, CancellationToken cancellationToken)
    {
        var violations = IdentityRules.Validate(draft);
        if (violations.Count > 0)
        {
            throw DirectoryException.Broken(violations);
        }

        var kind = draft.Kind is null ? IdentityKind.ManagedIdentity : Parse(draft.Kind);
        var clientId = Guid.NewGuid();
        var identity = new Identity(
            clientId,
            Guid.NewGuid(),
            tenantId,
            draft.Name!,
            kind,
            kind == IdentityKind.ManagedIdentity ? ManagedIdentityResourceId.For(tenantId, draft.Name!) : null,
            kind == IdentityKind.AppRegistration ? draft.IdentifierUri ?? $"api://{clientId}" : null,
            draft.AccessTokenVersion ?? 1,
            Time(Now()));

        return await WriteAsync(async (connection, transaction) =>
        {
            await EnsureTenantExistsAsync(connection, transaction, tenantId, cancellationToken);
            await EnsureUniqueAsync(connection, transaction, identity, cancellationToken);
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO identities (client_id, principal_id, tenant_id, name, kind, resource_id, " +
                "identifier_uri, access_token_version, created_at) VALUES (@ClientId, @PrincipalId, @TenantId, " +
                "@Name, @Kind, @ResourceId, @IdentifierUri, @AccessTokenVersion, @CreatedAt)",
                new
                {
                    ClientId = identity.ClientId.ToString(),
                    PrincipalId = identity.PrincipalId.ToString(),
                    TenantId = tenantId.ToString(),
                    identity.Name,
                    Kind = identity.Kind.ToText(),
                    identity.ResourceId,
                    identity.IdentifierUri,
                    identity.AccessTokenVersion,
                    CreatedAt = identity.CreatedAt.ToUnixTimeMilliseconds(),
                },
                transaction, cancellationToken: cancellationToken));
            return identity;
        }, () => $"The tenant already has an identity named '{draft.Name}'.", cancellationToken);
    }

    public async Task<IReadOnlyList<Identity>> ListIdentitiesAsync(Guid? tenantId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var sql = tenantId is null
            ? $"SELECT {SqlColumns.Identity} FROM identities ORDER BY created_at, name"
            : $"SELECT {SqlColumns.Identity} FROM identities WHERE tenant_id = @TenantId ORDER BY created_at, name";
        var rows = await connection.QueryAsync<IdentityRow>(new CommandDefinition(
            sql, new { TenantId = tenantId?.ToString() }, cancellationToken: cancellationToken));
        return [.. rows.Select(ToIdentity)];
    }

    public Task<Identity?> FindIdentityAsync(Guid clientId, CancellationToken cancellationToken) =>
        FindIdentityWhereAsync("client_id = @Key", new { Key = clientId.ToString() }, cancellationToken);

    public Task<Identity?> FindIdentityByNameAsync(Guid tenantId, string name, CancellationToken cancellationToken) =>
        FindIdentityWhereAsync("tenant_id = @TenantId AND name = @Key",
            new { TenantId = tenantId.ToString(), Key = name }, cancellationToken);

    public Task<Identity?> FindResourceAsync(Guid tenantId, string resource, CancellationToken cancellationToken)
    {
        var key = Guid.TryParse(resource, out var clientId) ? clientId.ToString() : resource;
        return FindIdentityWhereAsync(
            "tenant_id = @TenantId AND kind = @Kind AND (identifier_uri = @Key OR client_id = @Key)",
            new { TenantId = tenantId.ToString(), Kind = IdentityKinds.AppRegistration, Key = key },
            cancellationToken);
    }

    public async Task DeleteIdentityAsync(Guid clientId, CancellationToken cancellationToken)
    {
        await WriteAsync(async (connection, transaction) =>
        {
            // Explicit rather than relying on ON DELETE CASCADE, which SQLite enforces only when asked to.
            await connection.ExecuteAsync(new CommandDefinition(
                "DELETE FROM federated_credentials WHERE client_id = @ClientId",
                new { ClientId = clientId.ToString() }, transaction, cancellationToken: cancellationToken));
            var deleted = await connection.ExecuteAsync(new CommandDefinition(
                "DELETE FROM identities WHERE client_id = @ClientId",
                new { ClientId = clientId.ToString() }, transaction, cancellationToken: cancellationToken));
            return deleted == 0 ? throw DirectoryException.NotFound($"No identity has client ID '{clientId}'.") : deleted;
        }, () => "The identity changed while it was being deleted; retry.", cancellationToken);
    }

    private async Task<Identity?> FindIdentityWhereAsync(string where, object parameters, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<IdentityRow>(new CommandDefinition(
            $"SELECT {SqlColumns.Identity} FROM identities WHERE {where}", parameters,
            cancellationToken: cancellationToken));
        return row is null ? null : ToIdentity(row);
    }

    /// <summary>
    /// Names are unique per tenant regardless of case (they appear in resource IDs and are typed by people), and an
    /// identifier URI names one resource only.
    /// </summary>
    private static async Task EnsureUniqueAsync(
        DbConnection connection, DbTransaction transaction, Identity identity, CancellationToken cancellationToken)
    {
        var sameName = await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
            "SELECT name FROM identities WHERE tenant_id = @TenantId AND lower(name) = lower(@Name)",
            new { TenantId = identity.TenantId.ToString(), identity.Name }, transaction, cancellationToken: cancellationToken));
        if (sameName is not null)
        {
            throw DirectoryException.Conflict($"The tenant already has an identity named '{sameName}'; names are unique " +
                "regardless of letter case.");
        }

        if (identity.IdentifierUri is null)
        {
            return;
        }

        var sameUri = await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
            "SELECT name FROM identities WHERE tenant_id = @TenantId AND identifier_uri = @Uri",
            new { TenantId = identity.TenantId.ToString(), Uri = identity.IdentifierUri }, transaction,
            cancellationToken: cancellationToken));
        if (sameUri is not null)
        {
            throw DirectoryException.Conflict(
                $"App registration '{sameUri}' already has the identifier URI '{identity.IdentifierUri}'.");
        }
    }

    private static async Task EnsureTenantExistsAsync(
        DbConnection connection, DbTransaction transaction, Guid tenantId, CancellationToken cancellationToken)
    {
        var count = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM tenants WHERE id = @Id", new { Id = tenantId.ToString() }, transaction,
            cancellationToken: cancellationToken));
        if (count == 0)
        {
            throw DirectoryException.NotFound($"No tenant has ID '{tenantId}'.");
        }
    }

    private static IdentityKind Parse(string kind) =>
        IdentityKinds.TryParse(kind, out var parsed) ? parsed : throw new InvalidOperationException($"Unknown kind '{kind}'.");

    private static Identity ToIdentity(IdentityRow row) => new(
        Guid.Parse(row.ClientId),
        Guid.Parse(row.PrincipalId),
        Guid.Parse(row.TenantId),
        row.Name,
        Parse(row.Kind),
        row.ResourceId,
        row.IdentifierUri,
        (int)row.AccessTokenVersion,
        Time(row.CreatedAt));
}
