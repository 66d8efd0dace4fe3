using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Tessera.Client.Contracts;
using Tessera.Domain.Identities;
using Tessera.Domain.Roles;
using Tessera.Domain.Rules;
using Tessera.Storage;
using Tessera.Sts.Roles;

namespace Tessera.Server.Admin;

internal static class IdentityEndpoints
{
    public static void MapIdentityEndpoints(this RouteGroupBuilder admin)
    {
        var identities = admin.MapGroup("/identities").WithTags("Identities");

        identities.MapGet("/", async (string? tenant, AdminAccess access, IDirectoryStore store,
            CancellationToken ct) =>
        {
            Guid? tenantId = string.IsNullOrEmpty(tenant) && access.Caller.IsAdministrator
                ? null
                : (await access.TenantAsync(tenant, ct)).Id;
            return TypedResults.Ok((await store.ListIdentitiesAsync(tenantId, ct)).Select(i => i.ToResource()));
        }).WithSummary("List identities, of one tenant or (admin token) all.").Needs(AdminPermission.Read);

        identities.MapGet("/{identity}", async (string identity, string? tenant, AdminAccess access, IRoleStore roles,
            CancellationToken ct) => TypedResults.Ok(await WithAppRolesAsync(
                await access.IdentityAsync(identity, tenant, ct), roles, ct)))
            .WithSummary("Show an identity by client ID or name.").Needs(AdminPermission.Read);

        identities.MapPost("/", async Task<Created<IdentityResource>> (CreateIdentityRequest request,
            AdminAccess access, IDirectoryStore store, IRoleStore roles, CancellationToken ct) =>
        {
            var tenant = await access.TenantAsync(request.Tenant, ct);
            CheckAppRoles(request);
            var draft = new IdentityDraft(request.Name, request.Kind, request.IdentifierUri, request.AccessTokenVersion);
            var identity = await store.CreateIdentityAsync(tenant.Id, draft, ct);
            if (request.AppRoles is { Count: > 0 } appRoles)
            {
                await roles.SetAppRolesAsync(identity.ClientId, appRoles, ct);
            }

            var created = await WithAppRolesAsync(identity, roles, ct);
            await access.AuditAsync(tenant.Id, "identity.create", Path(identity), null, created, ct);
            return TypedResults.Created(Path(identity), created);
        }).WithSummary("Create a managed identity or app registration.").ProducesValidationProblem()
            .Needs(AdminPermission.ManageTenant);

        identities.MapDelete("/{identity}", async (string identity, string? tenant, AdminAccess access,
            IDirectoryStore store, IRoleStore roles, RoleCache cache, CancellationToken ct) =>
        {
            var found = await access.IdentityAsync(identity, tenant, ct);
            var before = await WithAppRolesAsync(found, roles, ct);
            await store.DeleteIdentityAsync(found.ClientId, ct);
            cache.Invalidate();
            await access.AuditAsync(found.TenantId, "identity.delete", Path(found), before, null, ct);
            return TypedResults.NoContent();
        }).WithSummary("Delete an identity with its federated credentials, app roles and role assignments.")
            .Needs(AdminPermission.ManageTenant);

        identities.MapGet("/{identity}/app-roles", async (string identity, string? tenant, AdminAccess access,
            IRoleStore roles, CancellationToken ct) =>
        {
            var found = await access.IdentityAsync(identity, tenant, ct);
            return TypedResults.Ok(new AppRolesResource(await roles.ListAppRolesAsync(found.ClientId, ct)));
        }).WithTags("Roles").WithSummary("List the app roles an app registration declares.")
            .Needs(AdminPermission.Read);

        identities.MapPut("/{identity}/app-roles", async (string identity, string? tenant, AppRolesResource request,
            AdminAccess access, IRoleStore roles, RoleCache cache, CancellationToken ct) =>
        {
            var found = await access.IdentityAsync(identity, tenant, ct);
            var before = new AppRolesResource(await roles.ListAppRolesAsync(found.ClientId, ct));
            var after = new AppRolesResource(await roles.SetAppRolesAsync(found.ClientId, request.AppRoles ?? [], ct));
            cache.Invalidate();
            await access.AuditAsync(found.TenantId, "app-roles.update", Path(found) + "/app-roles", before, after, ct);
            return TypedResults.Ok(after);
        }).WithTags("Roles").WithSummary("Replace the app roles an app registration declares; assigned roles stay.")
            .ProducesValidationProblem().Needs(AdminPermission.ManageTenant);
    }

    private static string Path(Identity identity) => $"/admin/identities/{identity.ClientId}";

    private static void CheckAppRoles(CreateIdentityRequest request)
    {
        var violations = AppRoleRules.Validate(request.AppRoles).ToList();
        if (request.AppRoles is { Count: > 0 } && request.Kind != IdentityKinds.AppRegistration)
        {
            violations.Add(new RuleViolation("appRoles", string.Join(",", request.AppRoles),
                $"only app registrations declare app roles; create it with kind '{IdentityKinds.AppRegistration}'"));
        }

        if (violations.Count > 0)
        {
            throw DirectoryException.Broken(violations);
        }
    }

    private static async Task<IdentityResource> WithAppRolesAsync(
        Identity identity, IRoleStore roles, CancellationToken ct) =>
        identity.Kind == IdentityKind.AppRegistration
            ? identity.ToResource() with { AppRoles = await roles.ListAppRolesAsync(identity.ClientId, ct) }
            : identity.ToResource();
}
