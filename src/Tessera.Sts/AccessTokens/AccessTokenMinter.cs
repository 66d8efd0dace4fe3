using System.Security.Cryptography;
using Tessera.Domain.Identities;
using Tessera.Keys;
using Tessera.Storage;
using Tessera.Tokens.Jwt;

namespace Tessera.Sts.AccessTokens;

/// <summary>
/// Issues access tokens with Entra's claim sets, so resource-side code written for Entra (claims such as
/// <c>oid</c>, <c>appid</c>/<c>azp</c>, <c>tid</c>, <c>roles</c>) works unchanged.
/// </summary>
public sealed class AccessTokenMinter(SigningKeyRing keys, StsUrls urls, StsOptions options, TimeProvider time)
{
    /// <param name="client">The identity signing in.</param>
    /// <param name="resource">As the client requested it; becomes <c>aud</c>.</param>
    /// <param name="version">1 or 2, as the resource asks for.</param>
    public async Task<IssuedAccessToken> MintAsync(
        Identity client, string resource, int version, IReadOnlyList<string> roles, CancellationToken cancellationToken)
    {
        var signing = await keys.GetAsync(KeyOwners.Sts, cancellationToken);
        var key = signing.Active ?? throw new InvalidOperationException("The STS has no active signing key.");

        var now = DateTimeOffset.FromUnixTimeSeconds(time.GetUtcNow().ToUnixTimeSeconds());
        var managed = client.Kind == IdentityKind.ManagedIdentity;
        var lifetime = managed ? options.ManagedIdentityTokenLifetime : options.AppRegistrationTokenLifetime;
        var expires = now + lifetime;
        var tokenId = Base64UrlText.Encode(RandomNumberGenerator.GetBytes(16));
        var claims = new Dictionary<string, object>
        {
            ["aud"] = resource,
            ["iss"] = urls.Issuer(client.TenantId, version),
            ["iat"] = now.ToUnixTimeSeconds(),
            ["nbf"] = now.ToUnixTimeSeconds(),
            ["exp"] = expires.ToUnixTimeSeconds(),
            ["idp"] = urls.Issuer(client.TenantId, 1),
            ["idtyp"] = "app",
            ["oid"] = client.PrincipalId.ToString(),
            ["sub"] = client.PrincipalId.ToString(),
            ["tid"] = client.TenantId.ToString(),
            ["uti"] = tokenId,
            ["ver"] = version == 2 ? "2.0" : "1.0",
        };
        claims[version == 2 ? "azp" : "appid"] = client.ClientId.ToString();
        claims[version == 2 ? "azpacr" : "appidacr"] = "2";
        if (roles.Count > 0)
        {
            claims["roles"] = roles.ToArray();
        }

        if (client.ResourceId is { } resourceId)
        {
            claims["xms_mirid"] = resourceId;
        }

        var refreshIn = managed ? TimeSpan.FromSeconds(Math.Floor(lifetime.TotalSeconds / 2)) : (TimeSpan?)null;
        return new IssuedAccessToken(TokenWriter.Write(key, claims), tokenId, now, expires, lifetime, refreshIn);
    }
}
