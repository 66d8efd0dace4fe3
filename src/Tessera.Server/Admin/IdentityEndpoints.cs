using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Tessera.Client.Contracts;
using Tessera.Domain.Identities;
using Tessera.Storage;

namespace Tessera.Server.Admin;

internal static class IdentityEndpoints
{
    public static void MapIdentityEndpoints(this RouteGroupBuilder admin)
    {
        var identities = admin.MapGroup("/identities").WithTags("Identities");

        identities.MapGet("/", async (string? tenant, DirectoryLookup lookup, IDirectoryStore store, CancellationToken ct) =>
        {
            var tenantId = string.IsNullOrEmpty(tenant) ? (Guid?)null : (await lookup.TenantAsync(tenant, ct)).Id;
            return TypedResults.Ok((await store.ListIdentitiesAsync(tenantId, ct)).Select(i => i.ToResource()));
        }).WithSummary("List identities, of one tenant or all.");

        identities.MapGet("/{identity}", async (string identity, string? tenant, DirectoryLookup lookup,
            CancellationToken ct) => TypedResults.Ok((await lookup.IdentityAsync(identity, tenant, ct)).ToResource()))
            .WithSummary("Show an identity by client ID or name.");

        identities.MapPost("/", async Task<Created<IdentityResource>> (CreateIdentityRequest request,
            DirectoryLookup lookup, IDirectoryStore store, CancellationToken ct) =>
        {
            var tenant = await lookup.TenantAsync(request.Tenant, ct);
            var draft = new IdentityDraft(request.Name, request.Kind, request.IdentifierUri, request.AccessTokenVersion);
            var identity = await store.CreateIdentityAsync(tenant.Id, draft, ct);
            return TypedResults.Created($"/admin/identities/{identity.ClientId}", identity.ToResource());
        }).WithSummary("Create a managed identity or app registration.").ProducesValidationProblem();

        identities.MapDelete("/{identity}", async (string identity, string? tenant, DirectoryLookup lookup,
            IDirectoryStore store, CancellationToken ct) =>
        {
            var found = await lookup.IdentityAsync(identity, tenant, ct);
            await store.DeleteIdentityAsync(found.ClientId, ct);
            return TypedResults.NoContent();
        }).WithSummary("Delete an identity and its federated credentials.");
    }
}
