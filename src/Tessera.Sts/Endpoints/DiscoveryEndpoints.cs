using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Tessera.Keys;
using Tessera.Storage;
using Tessera.Tokens.Keys;

namespace Tessera.Sts.Endpoints;

/// <summary>
/// The STS's OpenID discovery documents (v2 and v1) and key sets, which resources use to validate access tokens.
/// </summary>
public static class DiscoveryEndpoints
{
    private const string CacheControl = "public, max-age=3600";

    /// <summary>Tenant aliases Entra accepts where any tenant would do; its key set is the same for all tenants.</summary>
    private static readonly HashSet<string> s_commonAliases = new(StringComparer.OrdinalIgnoreCase) { "common", "organizations" };

    public static IEndpointRouteBuilder MapDiscoveryEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/{tenant}/v2.0/.well-known/openid-configuration",
            (string tenant, IDirectoryStore store, StsUrls urls, HttpContext context, CancellationToken ct) =>
                DiscoveryAsync(tenant, 2, store, urls, context, ct)).ExcludeFromDescription();
        routes.MapGet("/{tenant}/.well-known/openid-configuration",
            (string tenant, IDirectoryStore store, StsUrls urls, HttpContext context, CancellationToken ct) =>
                DiscoveryAsync(tenant, 1, store, urls, context, ct)).ExcludeFromDescription();
        routes.MapGet("/{tenant}/discovery/v2.0/keys", KeysAsync).ExcludeFromDescription();
        routes.MapGet("/{tenant}/discovery/keys", KeysAsync).ExcludeFromDescription();
        routes.MapGet("/{tenant}/oauth2/v2.0/authorize", Interactive).ExcludeFromDescription();
        routes.MapGet("/{tenant}/oauth2/authorize", Interactive).ExcludeFromDescription();
        return routes;
    }

    private static async Task<IResult> DiscoveryAsync(
        string tenant, int version, IDirectoryStore store, StsUrls urls, HttpContext context, CancellationToken cancellationToken)
    {
        var found = await store.FindTenantAsync(tenant, cancellationToken);
        if (found is null)
        {
            return UnknownTenant(tenant);
        }

        var id = found.Id;
        context.Response.Headers.CacheControl = CacheControl;
        return Results.Json(new Dictionary<string, object?>
        {
            ["issuer"] = urls.Issuer(id, version),
            ["authorization_endpoint"] = urls.AuthorizationEndpoint(id, version),
            ["token_endpoint"] = urls.TokenEndpoint(id, version),
            ["jwks_uri"] = urls.Keys(id, version),
            ["token_endpoint_auth_methods_supported"] = new[] { "private_key_jwt" },
            ["grant_types_supported"] = new[] { "client_credentials" },
            ["response_types_supported"] = new[] { "token" },
            ["subject_types_supported"] = new[] { "pairwise" },
            ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
            ["scopes_supported"] = new[] { "openid" },
            ["claims_supported"] = new[]
            {
                "aud", "iss", "iat", "nbf", "exp", "oid", "sub", "tid", "appid", "azp", "roles", "ver", "uti",
            },
            ["tenant_region_scope"] = null,
            ["cloud_instance_name"] = new Uri(urls.Origin).Authority,
        });
    }

    private static async Task<IResult> KeysAsync(
        string tenant, IDirectoryStore store, SigningKeyRing keys, HttpContext context, CancellationToken cancellationToken)
    {
        if (!s_commonAliases.Contains(tenant) && await store.FindTenantAsync(tenant, cancellationToken) is null)
        {
            return UnknownTenant(tenant);
        }

        var set = await keys.GetAsync(KeyOwners.Sts, cancellationToken);
        context.Response.Headers.CacheControl = CacheControl;
        return Results.Bytes(JsonWebKeySetWriter.Write(set.Published), "application/json");
    }

    private static IResult Interactive() => Results.Json(new Dictionary<string, object>
    {
        ["error"] = "unsupported_response_type",
        ["error_description"] = "Tessera issues tokens to workloads only (client credentials with a client " +
            "assertion); interactive sign-in is not available.",
    }, statusCode: 400);

    private static IResult UnknownTenant(string tenant) => Results.Json(new Dictionary<string, object>
    {
        ["error"] = "invalid_tenant",
        ["error_description"] = $"AADSTS90002: Tenant '{(tenant.Length > 64 ? tenant[..64] : tenant)}' does not exist.",
        ["error_codes"] = new[] { 90002 },
    }, statusCode: 400);
}
