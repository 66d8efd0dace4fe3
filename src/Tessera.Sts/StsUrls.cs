using Tessera.Domain.Hosting;

namespace Tessera.Sts;

/// <summary>
/// The STS's addresses and issuer identifiers, in Entra's layout: <c>{origin}/{tenant}/...</c>.
/// </summary>
public sealed class StsUrls(ServerOrigin origin)
{
    public string Origin => origin.BaseUrl;

    /// <summary>v1 issuer: <c>{origin}/{tenant}/</c>; v2 issuer: <c>{origin}/{tenant}/v2.0</c>.</summary>
    public string Issuer(Guid tenantId, int version) =>
        version == 2 ? $"{origin.BaseUrl}/{tenantId}/v2.0" : $"{origin.BaseUrl}/{tenantId}/";

    public string TokenEndpoint(Guid tenantId, int version) =>
        version == 2 ? $"{origin.BaseUrl}/{tenantId}/oauth2/v2.0/token" : $"{origin.BaseUrl}/{tenantId}/oauth2/token";

    public string AuthorizationEndpoint(Guid tenantId, int version) =>
        version == 2 ? $"{origin.BaseUrl}/{tenantId}/oauth2/v2.0/authorize" : $"{origin.BaseUrl}/{tenantId}/oauth2/authorize";

    public string Keys(Guid tenantId, int version) =>
        version == 2 ? $"{origin.BaseUrl}/{tenantId}/discovery/v2.0/keys" : $"{origin.BaseUrl}/{tenantId}/discovery/keys";

    /// <summary>
    /// Whether <paramref name="issuer"/> is one of this STS's own issuers (any tenant, either version): its access
    /// tokens must never be accepted as assertions.
    /// </summary>
    public bool IsOwnIssuer(string issuer)
    {
        var prefix = origin.BaseUrl + "/";
        if (!issuer.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var rest = issuer[prefix.Length..].TrimEnd('/');
        var tenantPart = rest.EndsWith("/v2.0", StringComparison.OrdinalIgnoreCase) ? rest[..^"/v2.0".Length] : rest;
        return !tenantPart.Contains('/');
    }
}
