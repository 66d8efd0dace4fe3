using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Tessera.Client.Contracts;
using Tessera.Domain.Access;
using Tessera.Domain.Hosting;
using Tessera.Domain.Roles;

namespace Tessera.Server.Admin;

/// <summary>
/// The admin API under <c>/admin</c>: every route needs the admin token or an identity's access token for
/// <c>api://tessera-admin</c>, and declares the permission it needs, which <see cref="AdminAccess"/> checks against
/// the tenant of each object it touches.
/// </summary>
public static class AdminEndpoints
{
    public static IEndpointRouteBuilder MapAdminEndpoints(this IEndpointRouteBuilder routes)
    {
        var admin = routes.MapGroup("/admin")
            .RequireAuthorization(AccessClaims.AdminPolicy)
            .AddEndpointFilter<AdminAccessFilter>()
            .AddEndpointFilter<DirectoryProblemFilter>()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);

        admin.MapGet("/server", async (AdminAccess access, DirectoryLookup lookup, ServerOrigin origin,
            CancellationToken ct) =>
        {
            var tenant = access.Caller.IsAdministrator
                ? await lookup.TenantAsync(null, ct)
                : await access.TenantAsync(null, ct);
            return TypedResults.Ok(new ServerDescription(ServerVersion.Current, origin.BaseUrl, tenant.Id, tenant.Name));
        }).WithTags("Server").WithSummary("Describe this server: its URL and default tenant.")
            .Needs(AdminPermission.Read);

        admin.MapTenantEndpoints();
        admin.MapIdentityEndpoints();
        admin.MapFederatedCredentialEndpoints();
        admin.MapIssuerAdminEndpoints();
        admin.MapSignInEndpoints();
        admin.MapExplainEndpoints();
        admin.MapKeyEndpoints();
        admin.MapStaticKeySetEndpoints();
        admin.MapTrustedIssuerEndpoints();
        admin.MapRoleAssignmentEndpoints();
        admin.MapAuditEndpoints();
        admin.MapAdminTokenEndpoints();
        return routes;
    }
}
