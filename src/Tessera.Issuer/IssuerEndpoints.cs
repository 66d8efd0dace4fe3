using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Tessera.Client.Contracts;
using Tessera.Domain.Access;
using Tessera.Domain.ServiceAccounts;
using Tessera.Keys;
using Tessera.Storage;
using Tessera.Tokens.Keys;

namespace Tessera.Issuer;

/// <summary>
/// The HTTP face of hosted issuers: public discovery and keys, exactly as a Kubernetes API server serves them,
/// and the authenticated mint endpoint.
/// </summary>
public static class IssuerEndpoints
{
    private const string CacheControl = "public, max-age=3600";

    public static IEndpointRouteBuilder MapIssuerEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup(IssuerUrls.PathPrefix + "/{name}").WithTags("Hosted issuers");
        group.MapGet(IssuerUrls.DiscoveryPath, GetDiscoveryAsync).ExcludeFromDescription();
        group.MapGet(IssuerUrls.KeysPath, GetKeysAsync).ExcludeFromDescription();
        group.MapPost("/token", MintAsync)
            .RequireAuthorization(AccessClaims.MintPolicy)
            .WithSummary("Mint a workload (service-account) token.");
        return routes;
    }

    private static async Task<IResult> GetDiscoveryAsync(
        string name, IDirectoryStore store, IssuerUrls urls, HttpContext context, CancellationToken cancellationToken)
    {
        if (await store.FindIssuerAsync(name, cancellationToken) is null)
        {
            return UnknownIssuer(name);
        }

        context.Response.Headers.CacheControl = CacheControl;
        var document = new Dictionary<string, object>
        {
            ["issuer"] = urls.Issuer(name),
            ["jwks_uri"] = urls.Keys(name),
            ["response_types_supported"] = new[] { "id_token" },
            ["subject_types_supported"] = new[] { "public" },
            ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
        };
        return Results.Json(document);
    }

    private static async Task<IResult> GetKeysAsync(
        string name, IDirectoryStore store, SigningKeyRing keys, HttpContext context, CancellationToken cancellationToken)
    {
        if (await store.FindIssuerAsync(name, cancellationToken) is null)
        {
            return UnknownIssuer(name);
        }

        var set = await keys.GetAsync(KeyOwners.Issuer(name), cancellationToken);
        context.Response.Headers.CacheControl = CacheControl;
        return Results.Bytes(JsonWebKeySetWriter.Write(set.Published), "application/jwk-set+json");
    }

    private static async Task<IResult> MintAsync(
        string name,
        MintWorkloadTokenRequest? request,
        HttpContext context,
        WorkloadTokenMinter minter,
        CancellationToken cancellationToken)
    {
        if (request is null)
        {
            return Problem(400, "Send a JSON body such as {\"serviceAccount\":\"default/orders\"}.");
        }

        if (!ServiceAccount.TryParse(request.ServiceAccount, out var account, out var error))
        {
            return Problem(400, $"serviceAccount: {error}.");
        }

        if (!MintAuthorization.Allows(context.User, name, account))
        {
            return Problem(403, $"This credential may not mint tokens for {account} of issuer '{name}'.");
        }

        var lifetime = request.ExpirationSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : (TimeSpan?)null;
        var mintRequest = new WorkloadTokenRequest(account,
            request.Audiences ?? ["api://AzureADTokenExchange"], lifetime,
            request.Pod is { } pod ? new BoundObject(pod.Name, pod.Uid) : null,
            request.Node is { } node ? new BoundObject(node.Name, node.Uid) : null);
        try
        {
            var minted = await minter.MintAsync(name, mintRequest, cancellationToken);
            return Results.Json(new WorkloadTokenResponse(minted.Token, minted.IssuedAt, minted.ExpiresAt),
                JsonSerializerOptions.Web);
        }
        catch (WorkloadTokenException ex)
        {
            return Problem(ex.NotFound ? 404 : 400, ex.Message);
        }
    }

    private static IResult UnknownIssuer(string name) =>
        Problem(404, $"No hosted issuer is named '{name}'.");

    private static IResult Problem(int status, string detail) => TypedResults.Problem(detail, statusCode: status);
}
