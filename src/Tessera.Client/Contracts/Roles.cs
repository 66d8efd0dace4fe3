namespace Tessera.Client.Contracts;

/// <summary>A role assignment as the admin API returns it.</summary>
/// <param name="Resource">The app registration's identifier URI, or <c>api://tessera-admin</c> for Tessera's
/// roles.</param>
public sealed record RoleAssignmentResource(
    Guid Id,
    Guid TenantId,
    Guid PrincipalId,
    Guid PrincipalClientId,
    string PrincipalName,
    string Role,
    Guid? ResourceClientId,
    string Resource,
    DateTimeOffset CreatedAt);

/// <summary>Body of <c>POST /admin/role-assignments</c>.</summary>
/// <param name="Principal">The identity receiving the role: client ID or name.</param>
/// <param name="Resource">An app registration (identifier URI, client ID or name), or <c>api://tessera-admin</c> for
/// Tessera's own roles (Reader, Credential Administrator, Owner) on the tenant.</param>
public sealed record CreateRoleAssignmentRequest(
    string? Principal, string? Role, string? Resource, string? Tenant = null);

/// <summary>Body and answer of <c>PUT /admin/identities/{identity}/app-roles</c>: the app roles it declares.</summary>
public sealed record AppRolesResource(IReadOnlyList<string> AppRoles);
