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
            var stored = SigningKeyRing.ToStored(key, KeyOwners.Issuer(name), time.GetUtcNow());
            var issuer = await store.CreateIssuerAsync(name, stored, ct);
            keys.Invalidate(KeyOwners.Issuer(name));
            return TypedResults.Created($"/admin/issuers/{issuer.Name}", issuer.ToResource(urls));
        }).WithSummary("Create a hosted issuer with its own signing key.").ProducesValidationProblem();
    }
}
