using System.Data.Common;
using System.Text;
using Dapper;
using Tessera.Domain.Identities;
using Tessera.Domain.Roles;
using Tessera.Domain.Rules;

namespace Tessera.Storage.Sql;

// Role assignments key their resource by text: an app registration's client ID, or TesseraRoles.AdminResource for
// Tessera's own roles on the principal's tenant. The resource must be in the principal's tenant.
public sealed partial class SqlDirectoryStore : IRoleStore
{
    private const string RoleAssignmentSelect =
        "SELECT ra.id AS Id, ra.tenant_id AS TenantId, ra.principal_id AS PrincipalId, " +
        "ra.principal_client_id AS PrincipalClientId, p.name AS PrincipalName, ra.role AS Role, " +
        "ra.resource_client_id AS ResourceClientId, COALESCE(r.identifier_uri, ra.resource) AS Resource, " +
        "ra.created_at AS CreatedAt FROM role_assignments ra " +
        "JOIN identities p ON p.client_id = ra.principal_client_id " +
        "LEFT JOIN identities r ON r.client_id = ra.resource_client_id";

    public async Task<IReadOnlyList<string>> SetAppRolesAsync(
        Guid clientId, IReadOnlyList<string> roles, CancellationToken cancellationToken)
    {
        var violations = AppRoleRules.Validate(roles);
        if (violations.Count > 0)
        {
            throw DirectoryException.Broken(violations);
        }

        return await WriteAsync(async (connection, transaction) =>
        {
            var identity = await LockIdentityAsync(connection, transaction, clientId, cancellationToken);
            if (identity.Kind != IdentityKind.AppRegistration)
            {
                throw DirectoryException.Broken([new RuleViolation("appRoles", string.Join(",", roles),
                    $"only app registrations declare app roles, and '{identity.Name}' is a managed identity")]);
            }

            var existing = await ListAppRolesAsync(connection, transaction, clientId, cancellationToken);
            var removed = existing.Where(r => !roles.Contains(r, StringComparer.Ordinal)).ToList();
            await EnsureUnassignedAsync(connection, transaction, identity, removed, cancellationToken);
            var key = clientId.ToString();
            await connection.ExecuteAsync(new CommandDefinition(
                "DELETE FROM app_roles WHERE client_id = @ClientId AND name = @Name",
                removed.Select(r => new { ClientId = key, Name = r }), transaction,
                cancellationToken: cancellationToken));
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO app_roles (client_id, name, created_at) VALUES (@ClientId, @Name, @CreatedAt)",
                roles.Where(r => !existing.Contains(r, StringComparer.Ordinal))
                    .Select(r => new { ClientId = key, Name = r, CreatedAt = Now() }),
                transaction, cancellationToken: cancellationToken));
            return await ListAppRolesAsync(connection, transaction, clientId, cancellationToken);
        }, () => "The app roles changed while they were being replaced; retry.", cancellationToken);
    }

    public async Task<IReadOnlyList<string>> ListAppRolesAsync(Guid clientId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await ListAppRolesAsync(connection, null, clientId, cancellationToken);
    }

    public async Task<RoleAssignment> AddRoleAssignmentAsync(
        Guid principalClientId, string role, Guid? resourceClientId, CancellationToken cancellationToken)
    {
        var id = Guid.NewGuid();
        await WriteAsync(async (connection, transaction) =>
        {
            var principal = await FindIdentityAsync(connection, transaction, principalClientId, cancellationToken)
                ?? throw DirectoryException.NotFound($"No identity has client ID '{principalClientId}'.");
            var (canonical, key) = resourceClientId is { } resource
                ? await CheckAppRoleAsync(connection, transaction, principal, role, resource, cancellationToken)
                : (CheckTesseraRole(role), TesseraRoles.AdminResource);
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO role_assignments (id, tenant_id, principal_id, principal_client_id, role, " +
                "resource_client_id, resource, created_at) VALUES (@Id, @TenantId, @PrincipalId, @PrincipalClientId, " +
                "@Role, @ResourceClientId, @Resource, @CreatedAt)",
                new
                {
                    Id = id.ToString(),
                    TenantId = principal.TenantId.ToString(),
                    PrincipalId = principal.PrincipalId.ToString(),
                    PrincipalClientId = principal.ClientId.ToString(),
                    Role = canonical,
                    ResourceClientId = resourceClientId?.ToString(),
                    Resource = key,
                    CreatedAt = Now(),
                }, transaction, cancellationToken: cancellationToken));
            return 1;
        }, () => $"The identity already holds the role '{role}' on this resource.", cancellationToken);
        return (await FindRoleAssignmentAsync(id, cancellationToken))!;
    }

    public async Task<IReadOnlyList<RoleAssignment>> ListRoleAssignmentsAsync(
        RoleAssignmentQuery query, CancellationToken cancellationToken)
    {
        var sql = new StringBuilder(RoleAssignmentSelect).Append(" WHERE ra.tenant_id = @TenantId");
        if (query.PrincipalId is not null)
        {
            sql.Append(" AND ra.principal_id = @PrincipalId");
        }

        if (query.ResourceClientId is not null)
        {
            sql.Append(" AND ra.resource_client_id = @ResourceClientId");
        }

        if (query.AdminResourceOnly)
        {
            sql.Append(" AND ra.resource_client_id IS NULL");
        }

        sql.Append(" ORDER BY ra.created_at, ra.id");
        await using var connection = await OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<RoleAssignmentRow>(new CommandDefinition(sql.ToString(), new
        {
            TenantId = query.TenantId.ToString(),
            PrincipalId = query.PrincipalId?.ToString(),
            ResourceClientId = query.ResourceClientId?.ToString(),
        }, cancellationToken: cancellationToken));
        return [.. rows.Select(ToRoleAssignment)];
    }

    public async Task<RoleAssignment?> FindRoleAssignmentAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<RoleAssignmentRow>(new CommandDefinition(
            RoleAssignmentSelect + " WHERE ra.id = @Id", new { Id = id.ToString() },
            cancellationToken: cancellationToken));
        return row is null ? null : ToRoleAssignment(row);
    }

    public async Task DeleteRoleAssignmentAsync(Guid id, CancellationToken cancellationToken)
    {
        await WriteAsync(async (connection, transaction) =>
        {
            var deleted = await connection.ExecuteAsync(new CommandDefinition(
                "DELETE FROM role_assignments WHERE id = @Id", new { Id = id.ToString() }, transaction,
                cancellationToken: cancellationToken));
            return deleted == 0 ? throw DirectoryException.NotFound($"No role assignment has ID '{id}'.") : deleted;
        }, () => "The role assignment changed while it was being deleted; retry.", cancellationToken);
    }

    public async Task<IReadOnlyList<string>> ListRolesAsync(
        Guid principalId, Guid? resourceClientId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var roles = await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT role FROM role_assignments WHERE principal_id = @PrincipalId AND resource = @Resource " +
            "ORDER BY role",
            new
            {
                PrincipalId = principalId.ToString(),
                Resource = resourceClientId?.ToString() ?? TesseraRoles.AdminResource,
            },
            cancellationToken: cancellationToken));
        return [.. roles];
    }

    private static string CheckTesseraRole(string role) => TesseraRoles.Find(role) ?? throw DirectoryException.Broken(
        [new RuleViolation("role", role, $"Tessera's roles are {string.Join(", ", TesseraRoles.All.Select(Quote))}")]);

    private static string Quote(string text) => $"'{text}'";

    private async Task<(string Role, string Key)> CheckAppRoleAsync(DbConnection connection, DbTransaction transaction,
        Identity principal, string role, Guid resourceClientId, CancellationToken cancellationToken)
    {
        var resource = await LockIdentityAsync(connection, transaction, resourceClientId, cancellationToken);
        if (resource.Kind != IdentityKind.AppRegistration || resource.TenantId != principal.TenantId)
        {
            throw DirectoryException.Broken([new RuleViolation("resource", resource.Name,
                $"use an app registration of the principal's tenant ({principal.TenantId})")]);
        }

        var declared = await ListAppRolesAsync(connection, transaction, resourceClientId, cancellationToken);
        var canonical = declared.FirstOrDefault(r => string.Equals(r, role, StringComparison.OrdinalIgnoreCase));
        if (canonical is null)
        {
            var known = declared.Count == 0 ? "none yet" : string.Join(", ", declared.Select(r => $"'{r}'"));
            throw DirectoryException.Broken([new RuleViolation("role", role,
                $"use an app role that '{resource.Name}' declares (it declares {known}; add one with " +
                $"'tessera identity set-app-roles {resource.Name} ROLE…')")]);
        }

        return (canonical, resourceClientId.ToString());
    }

    private async Task<Identity> LockIdentityAsync(
        DbConnection connection, DbTransaction transaction, Guid clientId, CancellationToken cancellationToken)
    {
        var row = await connection.QuerySingleOrDefaultAsync<IdentityRow>(new CommandDefinition(
            $"SELECT {SqlColumns.Identity} FROM identities WHERE client_id = @ClientId {dialect.LockRowSuffix}",
            new { ClientId = clientId.ToString() }, transaction, cancellationToken: cancellationToken));
        return row is null
            ? throw DirectoryException.NotFound($"No identity has client ID '{clientId}'.")
            : ToIdentity(row);
    }

    private static async Task<Identity?> FindIdentityAsync(
        DbConnection connection, DbTransaction transaction, Guid clientId, CancellationToken cancellationToken)
    {
        var row = await connection.QuerySingleOrDefaultAsync<IdentityRow>(new CommandDefinition(
            $"SELECT {SqlColumns.Identity} FROM identities WHERE client_id = @ClientId",
            new { ClientId = clientId.ToString() }, transaction, cancellationToken: cancellationToken));
        return row is null ? null : ToIdentity(row);
    }

    private static async Task EnsureUnassignedAsync(DbConnection connection, DbTransaction transaction,
        Identity resource, IReadOnlyList<string> roles, CancellationToken cancellationToken)
    {
        foreach (var role in roles)
        {
            var holders = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                "SELECT COUNT(*) FROM role_assignments WHERE resource = @Resource AND role = @Role",
                new { Resource = resource.ClientId.ToString(), Role = role }, transaction,
                cancellationToken: cancellationToken));
            if (holders > 0)
            {
                throw DirectoryException.Conflict(
                    $"The app role '{role}' of '{resource.Name}' is assigned to {holders} " +
                    "identit" + (holders == 1 ? "y" : "ies") + "; remove those assignments first ('tessera role list " +
                    $"--resource {resource.Name}').");
            }
        }
    }

    private static async Task<IReadOnlyList<string>> ListAppRolesAsync(
        DbConnection connection, DbTransaction? transaction, Guid clientId, CancellationToken cancellationToken)
    {
        var roles = await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT name FROM app_roles WHERE client_id = @ClientId ORDER BY name",
            new { ClientId = clientId.ToString() }, transaction, cancellationToken: cancellationToken));
        return [.. roles];
    }

    private static RoleAssignment ToRoleAssignment(RoleAssignmentRow row) => new(
        Guid.Parse(row.Id),
        Guid.Parse(row.TenantId),
        Guid.Parse(row.PrincipalId),
        Guid.Parse(row.PrincipalClientId),
        row.PrincipalName,
        row.Role,
        row.ResourceClientId is null ? null : Guid.Parse(row.ResourceClientId),
        row.Resource,
        Time(row.CreatedAt));
}
