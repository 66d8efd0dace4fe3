using Tessera.Domain.Hosting;

namespace Tessera.Issuer;

/// <summary>Where a hosted issuer lives: <c>{origin}/issuers/{name}</c>, its discovery document and its keys.</summary>
public sealed class IssuerUrls(ServerOrigin origin)
{
    public const string PathPrefix = "/issuers";
    public const string DiscoveryPath = "/.well-known/openid-configuration";
    public const string KeysPath = "/openid/v1/jwks";

    public string Issuer(string name) => $"{origin.BaseUrl}{PathPrefix}/{name}";

    public string Keys(string name) => Issuer(name) + KeysPath;
}
