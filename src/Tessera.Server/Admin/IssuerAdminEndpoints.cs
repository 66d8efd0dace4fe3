using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Tessera.Client.Contracts;
using Tessera.Domain.Rules;
using Tessera.Issuer;
using Tessera.Keys;
using Tessera.Storage;
using Tessera.Tokens.Keys;

namespace Tessera.Server.Admin;

internal static class IssuerAdminEndpoints
{
    public static void MapIssuerAdminEndpoints(this RouteGroupBuilder admin)
    {
        var issuers = admin.MapGroup("/issuers").WithTags("Hosted issuers");

        issuers.MapGet("/", async (IDirectoryStore store, IssuerUrls urls, CancellationToken ct) =>
            TypedResults.Ok((await store.ListIssuersAsync(ct)).Select(i => i.ToResource(urls))))
            .WithSummary("List hosted issuers.");

        issuers.MapGet("/{name}", async (string name, IDirectoryStore store, IssuerUrls urls, CancellationToken ct) =>
        {
            var issuer = await store.FindIssuerAsync(name, ct)
                ?? throw DirectoryException.NotFound($"No hosted issuer is named '{name}'; see 'tessera issuer list'.");
            return TypedResults.Ok(issuer.ToResource(urls));
        }).WithSummary("Show a hosted issuer.");

        issuers.MapPost("/", async Task<Created<IssuerResource>> (CreateIssuerRequest request, IDirectoryStore store,
            SigningKeyRing keys, IssuerUrls urls, TimeProvider time, CancellationToken ct) =>
        {
            var name = request.Name ?? "";
            using var key = SigningKey.CreateRsa();
            var stored = keys.ToStored(key, KeyOwners.Issuer(name), time.GetUtcNow());
            var issuer = await store.CreateIssuerAsync(name, stored, ct);
            keys.Invalidate(KeyOwners.Issuer(name));
            return TypedResults.Created($"/admin/issuers/{issuer.Name}", issuer.ToResource(urls));
        }).WithSummary("Create a hosted issuer with its own signing key.").ProducesValidationProblem();

        MapAgentCredentials(issuers.MapGroup("/{name}/agent-credentials").WithTags("Agent credentials"));
    }

    private static void MapAgentCredentials(RouteGroupBuilder credentials)
    {
        credentials.MapGet("/", async (string name, IDirectoryStore store, CancellationToken ct) =>
            TypedResults.Ok((await store.ListAgentCredentialsAsync(name, ct)).Select(c => c.ToResource())))
            .WithSummary("List the agent credentials of a hosted issuer (never their secrets).");

        credentials.MapPost("/", async Task<Created<AgentCredentialResource>> (string name,
            CreateAgentCredentialRequest request, IDirectoryStore store, CancellationToken ct) =>
        {
            var secret = BearerSecrets.Generate(BearerSecrets.AgentPrefix);
            var credential = await store.CreateAgentCredentialAsync(name, request.ServiceAccounts ?? "",
                BearerSecrets.Hash(secret), ct);
            return TypedResults.Created($"/admin/issuers/{name}/agent-credentials/{credential.Id}",
                credential.ToResource() with { Secret = secret });
        }).WithSummary("Create an agent credential; its secret is shown once.").ProducesValidationProblem();

        credentials.MapDelete("/{id:guid}", async (string name, Guid id, IDirectoryStore store, CancellationToken ct) =>
        {
            await store.DeleteAgentCredentialAsync(name, id, ct);
            return TypedResults.NoContent();
        }).WithSummary("Delete an agent credential; the agent can no longer mint.");
    }
}
