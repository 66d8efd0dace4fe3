using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Tessera.Client.Contracts;
using Tessera.Domain.Roles;
using Tessera.Storage;

namespace Tessera.Server.Admin;

internal static class TenantEndpoints
{
    public static void MapTenantEndpoints(this RouteGroupBuilder admin)
    {
        var tenants = admin.MapGroup("/tenants").WithTags("Tenants");

        tenants.MapGet("/", async (AdminAccess access, IDirectoryStore store, CancellationToken ct) =>
            TypedResults.Ok((await store.ListTenantsAsync(ct))
                .Where(t => access.Caller.May(AdminPermission.Read, t.Id)).Select(t => t.ToResource())))
            .WithSummary("List the tenants the caller may read.").Needs(AdminPermission.Read);

        tenants.MapGet("/{tenant}", async (string tenant, AdminAccess access, CancellationToken ct) =>
            TypedResults.Ok((await access.TenantAsync(tenant, ct)).ToResource()))
            .WithSummary("Show a tenant by ID or name.").Needs(AdminPermission.Read);

        tenants.MapPost("/", async Task<Created<TenantResource>> (CreateTenantRequest request, AdminAccess access,
            IDirectoryStore store, CancellationToken ct) =>
        {
            var tenant = (await store.CreateTenantAsync(request.Name ?? "", ct)).ToResource();
            await access.AuditAsync(tenant.Id, "tenant.create", $"/admin/tenants/{tenant.Id}", null, tenant, ct);
            return TypedResults.Created($"/admin/tenants/{tenant.Id}", tenant);
        }).WithSummary("Create a tenant (admin token only).").ProducesValidationProblem()
            .Needs(AdminPermission.ManageServer);
    }
}
