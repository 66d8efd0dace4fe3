using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Tessera.Client.Contracts;
using Tessera.Domain.Roles;
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
            .WithSummary("List hosted issuers (server-wide; any role may read them).").Needs(AdminPermission.Read);

        issuers.MapGet("/{name}", async (string name, IDirectoryStore store, IssuerUrls urls, CancellationToken ct) =>
        {
            var issuer = await store.FindIssuerAsync(name, ct)
                ?? throw DirectoryException.NotFound($"No hosted issuer is named '{name}'; see 'tessera issuer list'.");
            return TypedResults.Ok(issuer.ToResource(urls));
        }).WithSummary("Show a hosted issuer.").Needs(AdminPermission.Read);

        issuers.MapPost("/", async Task<Created<IssuerResource>> (CreateIssuerRequest request, AdminAccess access,
            IDirectoryStore store, SigningKeyRing keys, IssuerUrls urls, TimeProvider time, CancellationToken ct) =>
        {
            var name = request.Name ?? "";
            using var key = SigningKey.CreateRsa();
            var stored = keys.ToStored(key, KeyOwners.Issuer(name), time.GetUtcNow());
            var issuer = await store.CreateIssuerAsync(name, stored, ct);
            keys.Invalidate(KeyOwners.Issuer(name));
            var created = issuer.ToResource(urls);
            await access.AuditAsync(null, "issuer.create", $"/admin/issuers/{issuer.Name}", null, created, ct);
            return TypedResults.Created($"/admin/issuers/{issuer.Name}", created);
        }).WithSummary("Create a hosted issuer with its own signing key (admin token only).")
            .ProducesValidationProblem()
            .Needs(AdminPermission.ManageServer);

        MapAgentCredentials(issuers.MapGroup("/{name}/agent-credentials").WithTags("Agent credentials"));
    }

    private static void MapAgentCredentials(RouteGroupBuilder credentials)
    {
        credentials.MapGet("/", async (string name, IDirectoryStore store, CancellationToken ct) =>
            TypedResults.Ok((await store.ListAgentCredentialsAsync(name, ct)).Select(c => c.ToResource())))
            .WithSummary("List the agent credentials of a hosted issuer (never their secrets).")
            .Needs(AdminPermission.ManageServer);

        credentials.MapPost("/", async Task<Created<AgentCredentialResource>> (string name,
            CreateAgentCredentialRequest request, AdminAccess access, IDirectoryStore store, CancellationToken ct) =>
        {
            var secret = BearerSecrets.Generate(BearerSecrets.AgentPrefix);
            var credential = await store.CreateAgentCredentialAsync(name, request.ServiceAccounts ?? "",
                BearerSecrets.Hash(secret), ct);
            var path = $"/admin/issuers/{name}/agent-credentials/{credential.Id}";
            await access.AuditAsync(null, "agent-credential.create", path, null, credential.ToResource(), ct);
            return TypedResults.Created(path, credential.ToResource() with { Secret = secret });
        }).WithSummary("Create an agent credential; its secret is shown once.").ProducesValidationProblem()
            .Needs(AdminPermission.ManageServer);

        credentials.MapDelete("/{id:guid}", async (string name, Guid id, AdminAccess access, IDirectoryStore store,
            CancellationToken ct) =>
        {
            var before = (await store.ListAgentCredentialsAsync(name, ct))
                .FirstOrDefault(c => c.Id == id)?.ToResource();
            await store.DeleteAgentCredentialAsync(name, id, ct);
            await access.AuditAsync(null, "agent-credential.delete", $"/admin/issuers/{name}/agent-credentials/{id}",
                before, null, ct);
            return TypedResults.NoContent();
        }).WithSummary("Delete an agent credential; the agent can no longer mint.").Needs(AdminPermission.ManageServer);
    }
}
