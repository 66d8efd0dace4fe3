using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Tessera.Client.Contracts;
using Tessera.Domain.Roles;
using Tessera.Domain.Rules;
using Tessera.Keys;
using Tessera.Storage;

namespace Tessera.Server.Admin;

internal static class KeyEndpoints
{
    public static void MapKeyEndpoints(this RouteGroupBuilder admin)
    {
        var keys = admin.MapGroup("/keys").WithTags("Signing keys");

        keys.MapGet("/", async (IDirectoryStore store, TimeProvider time, CancellationToken ct) =>
        {
            var now = time.GetUtcNow();
            return TypedResults.Ok((await store.ListAllSigningKeysAsync(ct)).Select(k => new SigningKeyResource(
                k.KeyId, k.Owner, k.Algorithm, State(k, now), k.CreatedAt, k.ActivatesAt, k.RetiresAt, k.ExpiresAt)));
        }).WithSummary("List the signing keys of the STS and the hosted issuers (public facts only).")
            .Needs(AdminPermission.Read);

        keys.MapPost("/rotate", async (RotateKeysRequest request, AdminAccess access, IDirectoryStore store,
            KeyRotator rotator, CancellationToken ct) =>
        {
            if (request.LeadSeconds is < 0 or > 7 * 86400)
            {
                throw DirectoryException.Broken([new RuleViolation("leadSeconds", request.LeadSeconds.ToString(),
                    "use 0-604800 seconds")]);
            }

            var owners = request.Owner is { } owner ? [await CheckOwnerAsync(owner, store, ct)] : await AllOwnersAsync(store, ct);
            var lead = request.LeadSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : (TimeSpan?)null;
            var results = new List<RotationResultResource>();
            foreach (var name in owners)
            {
                var result = await rotator.RotateAsync(name, lead, scheduled: false, ct);
                var resource = new RotationResultResource(result.Owner, result.Rotated, result.NewKeyId, result.ActivatesAt, result.Detail);
                if (result.Rotated)
                {
                    await access.AuditAsync(null, "key.rotate", $"/admin/keys/{name}", null, resource, ct);
                }

                results.Add(resource);
            }

            return TypedResults.Ok(results);
        }).WithSummary("Rotate signing keys now: publish a new key, sign with it after the lead time (admin token only).")
            .Needs(AdminPermission.ManageServer);
    }

    private static string State(StoredSigningKey key, DateTimeOffset now) =>
        key.ExpiresAt <= now ? "expired"
        : key.RetiresAt <= now ? "retired"
        : key.ActivatesAt > now ? "pending"
        : "active";

    private static async Task<List<string>> AllOwnersAsync(IDirectoryStore store, CancellationToken ct) =>
        [KeyOwners.Sts, .. (await store.ListIssuersAsync(ct)).Select(i => KeyOwners.Issuer(i.Name))];

    private static async Task<string> CheckOwnerAsync(string owner, IDirectoryStore store, CancellationToken ct)
    {
        if (owner == KeyOwners.Sts)
        {
            return owner;
        }

        var issuer = owner.StartsWith("issuer:", StringComparison.Ordinal) ? owner["issuer:".Length..] : null;
        if (issuer is null)
        {
            throw DirectoryException.Broken([new RuleViolation("owner", owner, "use 'sts' or 'issuer:NAME'")]);
        }

        return await store.FindIssuerAsync(issuer, ct) is null
            ? throw DirectoryException.NotFound($"No hosted issuer is named '{issuer}'.")
            : owner;
    }
}
