using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Tessera.Client.Contracts;
using Tessera.Storage;

namespace Tessera.Server.Admin;

internal static class TenantEndpoints
{
    public static void MapTenantEndpoints(this RouteGroupBuilder admin)
    {
        var tenants = admin.MapGroup("/tenants").WithTags("Tenants");

        tenants.MapGet("/", async (IDirectoryStore store, CancellationToken ct) =>
            TypedResults.Ok((await store.ListTenantsAsync(ct)).Select(t => t.ToResource())))
            .WithSummary("List tenants.");

        tenants.MapGet("/{tenant}", async (string tenant, DirectoryLookup lookup, CancellationToken ct) =>
            TypedResults.Ok((await lookup.TenantAsync(tenant, ct)).ToResource()))
            .WithSummary("Show a tenant by ID or name.");

        tenants.MapPost("/", async Task<Created<TenantResource>> (CreateTenantRequest request, IDirectoryStore store,
            CancellationToken ct) =>
        {
            var tenant = await store.CreateTenantAsync(request.Name ?? "", ct);
            return TypedResults.Created($"/admin/tenants/{tenant.Id}", tenant.ToResource());
        }).WithSummary("Create a tenant.").ProducesValidationProblem();
    }
}
