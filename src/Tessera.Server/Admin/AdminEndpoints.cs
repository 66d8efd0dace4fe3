using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Tessera.Client.Contracts;
using Tessera.Domain.Access;
using Tessera.Domain.Hosting;

namespace Tessera.Server.Admin;

/// <summary>The admin API under <c>/admin</c>: every route needs the admin token.</summary>
public static class AdminEndpoints
{
    public static IEndpointRouteBuilder MapAdminEndpoints(this IEndpointRouteBuilder routes)
    {
        var admin = routes.MapGroup("/admin")
            .RequireAuthorization(AccessClaims.AdminPolicy)
            .AddEndpointFilter<DirectoryProblemFilter>()
            .ProducesProblem(StatusCodes.Status401Unauthorized);

        admin.MapGet("/server", async (DirectoryLookup lookup, ServerOrigin origin, CancellationToken ct) =>
        {
            var tenant = await lookup.TenantAsync(null, ct);
            return TypedResults.Ok(new ServerDescription(ServerVersion.Current, origin.BaseUrl, tenant.Id, tenant.Name));
        }).WithTags("Server").WithSummary("Describe this server: its URL and default tenant.");

        admin.MapTenantEndpoints();
        admin.MapIdentityEndpoints();
        admin.MapFederatedCredentialEndpoints();
        admin.MapIssuerAdminEndpoints();
        admin.MapSignInEndpoints();
        admin.MapExplainEndpoints();
        admin.MapKeyEndpoints();
        admin.MapStaticKeySetEndpoints();
        return routes;
    }
}
