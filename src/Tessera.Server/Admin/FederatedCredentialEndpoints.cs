using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Tessera.Client.Contracts;
using Tessera.Domain.FederatedCredentials;
using Tessera.Storage;

namespace Tessera.Server.Admin;

internal static class FederatedCredentialEndpoints
{
    public static void MapFederatedCredentialEndpoints(this RouteGroupBuilder admin)
    {
        var credentials = admin.MapGroup("/identities/{identity}/federated-credentials")
            .WithTags("Federated credentials");

        credentials.MapGet("/", async (string identity, string? tenant, DirectoryLookup lookup, IDirectoryStore store,
            CancellationToken ct) =>
        {
            var found = await lookup.IdentityAsync(identity, tenant, ct);
            return TypedResults.Ok((await store.ListFederatedCredentialsAsync(found.ClientId, ct)).Select(c => c.ToResource()));
        }).WithSummary("List an identity's federated credentials.");

        credentials.MapPost("/", async Task<Created<FederatedCredentialResource>> (string identity, string? tenant,
            CreateFederatedCredentialRequest request, DirectoryLookup lookup, IDirectoryStore store,
            FederatedCredentialPolicy policy, CancellationToken ct) =>
        {
            var found = await lookup.IdentityAsync(identity, tenant, ct);
            var draft = new FederatedCredentialDraft(
                request.Name, request.Issuer, request.Subject, request.Audiences, request.Description);
            var credential = await store.AddFederatedCredentialAsync(found.ClientId, draft, policy, ct);
            return TypedResults.Created(
                $"/admin/identities/{found.ClientId}/federated-credentials/{credential.Name}", credential.ToResource());
        }).WithSummary("Add a federated credential: trust tokens of one issuer and subject.").ProducesValidationProblem();

        credentials.MapDelete("/{name}", async (string identity, string name, string? tenant, DirectoryLookup lookup,
            IDirectoryStore store, CancellationToken ct) =>
        {
            var found = await lookup.IdentityAsync(identity, tenant, ct);
            await store.DeleteFederatedCredentialAsync(found.ClientId, name, ct);
            return TypedResults.NoContent();
        }).WithSummary("Delete a federated credential.");
    }
}
