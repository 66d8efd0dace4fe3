namespace Tessera.Domain.Roles;

/// <summary>
/// An identity (the principal) holding a role on a resource: an app role of an app registration, or a Tessera
/// role on its tenant when the resource is <see cref="TesseraRoles.AdminResource"/>.
/// </summary>
/// <param name="ResourceClientId">The app registration's client ID; null for Tessera's own roles.</param>
/// <param name="Resource">The app registration's identifier URI, or <see cref="TesseraRoles.AdminResource"/>.</param>
public sealed record RoleAssignment(
    Guid Id,
    Guid TenantId,
    Guid PrincipalId,
    Guid PrincipalClientId,
    string PrincipalName,
    string Role,
    Guid? ResourceClientId,
    string Resource,
    DateTimeOffset CreatedAt);

/// <summary>Filters for listing role assignments of one tenant; the others are optional.</summary>
public sealed record RoleAssignmentQuery(Guid TenantId, Guid? PrincipalId = null, Guid? ResourceClientId = null,
    bool AdminResourceOnly = false);
