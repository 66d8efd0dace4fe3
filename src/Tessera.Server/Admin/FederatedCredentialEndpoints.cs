using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Tessera.Client.Contracts;
using Tessera.Domain.FederatedCredentials;
using Tessera.Domain.Identities;
using Tessera.Domain.Roles;
using Tessera.Domain.Rules;
using Tessera.Storage;

namespace Tessera.Server.Admin;

internal static class FederatedCredentialEndpoints
{
    public static void MapFederatedCredentialEndpoints(this RouteGroupBuilder admin)
    {
        var credentials = admin.MapGroup("/identities/{identity}/federated-credentials")
            .WithTags("Federated credentials");

        credentials.MapGet("/", async (string identity, string? tenant, AdminAccess access, IDirectoryStore store,
            CancellationToken ct) =>
        {
            var found = await access.IdentityAsync(identity, tenant, ct);
            return TypedResults.Ok((await store.ListFederatedCredentialsAsync(found.ClientId, ct)).Select(c => c.ToResource()));
        }).WithSummary("List an identity's federated credentials.").Needs(AdminPermission.Read);

        credentials.MapPost("/", async Task<Created<FederatedCredentialResource>> (string identity, string? tenant,
            CreateFederatedCredentialRequest request, AdminAccess access, IDirectoryStore store, IRoleStore roles,
            FederatedCredentialPolicy policy, CancellationToken ct) =>
        {
            var found = await access.IdentityAsync(identity, tenant, ct);
            await GuardRoleHoldersAsync(access, found, roles, ct);
            var draft = new FederatedCredentialDraft(request.Name, request.Issuer, request.Subject, request.Audiences,
                request.Description, request.ClaimsMatchingExpression?.Value,
                request.ClaimsMatchingExpression?.LanguageVersion);
            var credential = (await store.AddFederatedCredentialAsync(found.ClientId, draft, policy, ct)).ToResource();
            var path = $"/admin/identities/{found.ClientId}/federated-credentials/{credential.Name}";
            await access.AuditAsync(found.TenantId, "federated-credential.create", path, null, credential, ct);
            return TypedResults.Created(path, credential);
        }).WithSummary("Add a federated credential: trust tokens of one issuer and subject, or of one issuer " +
            "whose claims satisfy a claims matching expression.")
            .ProducesValidationProblem()
            .Needs(AdminPermission.ManageCredentials);

        credentials.MapDelete("/{name}", async (string identity, string name, string? tenant, AdminAccess access,
            IDirectoryStore store, IRoleStore roles, CancellationToken ct) =>
        {
            var found = await access.IdentityAsync(identity, tenant, ct);
            await GuardRoleHoldersAsync(access, found, roles, ct);
            var before = (await store.ListFederatedCredentialsAsync(found.ClientId, ct))
                .FirstOrDefault(c => c.Name == name)?.ToResource()
                ?? throw DirectoryException.NotFound(
                    $"Identity '{found.Name}' has no federated credential named '{name}'.");
            await store.DeleteFederatedCredentialAsync(found.ClientId, name, ct);
            await access.AuditAsync(found.TenantId, "federated-credential.delete",
                $"/admin/identities/{found.ClientId}/federated-credentials/{name}", before, null, ct);
            return TypedResults.NoContent();
        }).WithSummary("Delete a federated credential.").Needs(AdminPermission.ManageCredentials);
    }

    /// <summary>
    /// A Credential Administrator may not change the credentials of an identity holding a Tessera role: a credential
    /// it controls would let it sign in as that identity and so take its role. Owners and the admin token may.
    /// </summary>
    private static async Task GuardRoleHoldersAsync(
        AdminAccess access, Identity identity, IRoleStore roles, CancellationToken ct)
    {
        if (access.Caller.May(AdminPermission.ManageTenant, identity.TenantId))
        {
            return;
        }

        var held = await roles.ListRolesAsync(identity.PrincipalId, null, ct);
        if (held.Count > 0)
        {
            throw new AdminAccessDeniedException($"{access.Caller.Name} may not change the federated credentials of " +
                $"'{identity.Name}', which holds the Tessera role {string.Join(", ", held)}: a credential would let " +
                $"the caller sign in as it. That needs the role {TesseraRoles.Owner}.");
        }
    }
}
