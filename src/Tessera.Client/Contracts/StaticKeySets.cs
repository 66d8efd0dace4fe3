using System.Text.Json;

namespace Tessera.Client.Contracts;

/// <summary>Body of <c>PUT /admin/static-key-sets</c>: the issuer URL, exactly as in its tokens' <c>iss</c>, and its
/// JWKS document (for a Kubernetes API server, the output of <c>kubectl get --raw /openid/v1/jwks</c>).</summary>
public sealed record SetStaticKeySetRequest(string? Issuer, JsonElement? Jwks);

/// <summary>A key set uploaded for an issuer the STS does not fetch: which keys it holds and which the key policy
/// refused, with why.</summary>
public sealed record StaticKeySetResource(
    string Issuer,
    DateTimeOffset UpdatedAt,
    IReadOnlyList<string> KeyIds,
    IReadOnlyDictionary<string, string> RefusedKeys);
