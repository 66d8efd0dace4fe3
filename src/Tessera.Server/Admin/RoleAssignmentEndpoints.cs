using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Tessera.Client.Contracts;
using Tessera.Domain.Roles;
using Tessera.Domain.Rules;
using Tessera.Storage;
using Tessera.Sts.Roles;

namespace Tessera.Server.Admin;

internal static class RoleAssignmentEndpoints
{
    public static void MapRoleAssignmentEndpoints(this RouteGroupBuilder admin)
    {
        var assignments = admin.MapGroup("/role-assignments").WithTags("Roles");

        assignments.MapGet("/", async (string? tenant, string? principal, string? resource, AdminAccess access,
            IDirectoryStore store, IRoleStore roles, CancellationToken ct) =>
        {
            var tenantId = (await access.TenantAsync(tenant, ct)).Id;
            var principalId = principal is null
                ? (Guid?)null
                : (await access.IdentityAsync(principal, tenant, ct)).PrincipalId;
            var resourceClientId = resource is null ? null : await ResolveResourceAsync(store, tenantId, resource, ct);
            var query = new RoleAssignmentQuery(tenantId, principalId, resourceClientId,
                AdminResourceOnly: resource is not null && resourceClientId is null);
            return TypedResults.Ok((await roles.ListRoleAssignmentsAsync(query, ct)).Select(a => a.ToResource()));
        }).WithSummary("List a tenant's role assignments, of one principal or on one resource.")
            .Needs(AdminPermission.Read);

        assignments.MapPost("/", async Task<Created<RoleAssignmentResource>> (CreateRoleAssignmentRequest request,
            AdminAccess access, IDirectoryStore store, IRoleStore roles, RoleCache cache, CancellationToken ct) =>
        {
            CheckRequest(request);
            var principal = await access.IdentityAsync(request.Principal!, request.Tenant, ct);
            var resource = await ResolveResourceAsync(store, principal.TenantId, request.Resource!, ct);
            var assignment = (await roles.AddRoleAssignmentAsync(principal.ClientId, request.Role!, resource, ct))
                .ToResource();
            cache.Invalidate();
            var path = $"/admin/role-assignments/{assignment.Id}";
            await access.AuditAsync(assignment.TenantId, "role-assignment.create", path, null, assignment, ct);
            return TypedResults.Created(path, assignment);
        }).WithSummary("Give an identity a role on a resource: an app role of an app registration, or a Tessera role " +
            "(Reader, Credential Administrator, Owner) on its tenant with resource api://tessera-admin.")
            .ProducesValidationProblem().Needs(AdminPermission.ManageTenant);

        assignments.MapDelete("/{id:guid}", async (Guid id, AdminAccess access, IRoleStore roles, RoleCache cache,
            CancellationToken ct) =>
        {
            var assignment = await roles.FindRoleAssignmentAsync(id, ct)
                ?? throw DirectoryException.NotFound($"No role assignment has ID '{id}'; see 'tessera role list'.");
            access.Demand(assignment.TenantId);
            await roles.DeleteRoleAssignmentAsync(id, ct);
            cache.Invalidate();
            await access.AuditAsync(assignment.TenantId, "role-assignment.delete", $"/admin/role-assignments/{id}",
                assignment.ToResource(), null, ct);
            return TypedResults.NoContent();
        }).WithSummary("Remove a role assignment; the role is gone from the next access token.")
            .Needs(AdminPermission.ManageTenant);
    }

    /// <summary>The app registration a reference names (identifier URI, client ID or name), or null for Tessera's
    /// own admin resource.</summary>
    private static async Task<Guid?> ResolveResourceAsync(
        IDirectoryStore store, Guid tenantId, string reference, CancellationToken ct)
    {
        if (reference == TesseraRoles.AdminResource)
        {
            return null;
        }

        var resource = await store.FindResourceAsync(tenantId, reference, ct)
            ?? await store.FindIdentityByNameAsync(tenantId, reference, ct)
            ?? throw DirectoryException.NotFound($"Tenant '{tenantId}' has no app registration with identifier URI, " +
                $"client ID or name '{reference}'; for Tessera's own roles use '{TesseraRoles.AdminResource}'.");
        return resource.ClientId;
    }

    private static void CheckRequest(CreateRoleAssignmentRequest request)
    {
        var violations = new List<RuleViolation>();
        if (string.IsNullOrEmpty(request.Principal))
        {
            violations.Add(new RuleViolation(
                "principal", null, "name the identity receiving the role (client ID or name)"));
        }

        if (string.IsNullOrEmpty(request.Role))
        {
            violations.Add(new RuleViolation("role", null, "name an app role of the resource, or a Tessera role"));
        }

        if (string.IsNullOrEmpty(request.Resource))
        {
            violations.Add(new RuleViolation("resource", null,
                $"name an app registration (identifier URI, client ID or name) or '{TesseraRoles.AdminResource}'"));
        }

        if (violations.Count > 0)
        {
            throw DirectoryException.Broken(violations);
        }
    }
}
