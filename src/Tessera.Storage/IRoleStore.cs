using Tessera.Domain.Roles;

namespace Tessera.Storage;

/// <summary>
/// App roles and role assignments. Writes validate inside their transaction that the principal, the resource and
/// the role exist, so an assignment never names a role its resource does not declare.
/// </summary>
public interface IRoleStore
{
    /// <summary>Replaces the app roles an app registration declares; refuses to drop a role that is assigned.</summary>
    Task<IReadOnlyList<string>> SetAppRolesAsync(
        Guid clientId, IReadOnlyList<string> roles, CancellationToken cancellationToken);

    Task<IReadOnlyList<string>> ListAppRolesAsync(Guid clientId, CancellationToken cancellationToken);

    /// <summary>
    /// Assigns <paramref name="role"/> to the principal on the resource: an app registration's client ID, or null
    /// for a Tessera role on the principal's tenant.
    /// </summary>
    Task<RoleAssignment> AddRoleAssignmentAsync(
        Guid principalClientId, string role, Guid? resourceClientId, CancellationToken cancellationToken);

    Task<IReadOnlyList<RoleAssignment>> ListRoleAssignmentsAsync(
        RoleAssignmentQuery query, CancellationToken cancellationToken);

    Task<RoleAssignment?> FindRoleAssignmentAsync(Guid id, CancellationToken cancellationToken);

    Task DeleteRoleAssignmentAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>The roles a principal holds on a resource (an app registration, or null for Tessera's roles).</summary>
    Task<IReadOnlyList<string>> ListRolesAsync(
        Guid principalId, Guid? resourceClientId, CancellationToken cancellationToken);
}
