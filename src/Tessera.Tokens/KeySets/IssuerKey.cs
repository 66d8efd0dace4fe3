using Microsoft.IdentityModel.Tokens;

namespace Tessera.Tokens.KeySets;

/// <summary>
/// One public key of an issuer that passed key policy.
/// </summary>
/// <param name="DeclaredAlgorithm">The key's own <c>alg</c> member, if it published one; a token must then use
/// exactly that algorithm.</param>
/// <param name="Curve">For EC keys, the curve name (P-256, P-384, P-521).</param>
public sealed record IssuerKey(
    string KeyId,
    string KeyType,
    string? DeclaredAlgorithm,
    string? Curve,
    AsymmetricSecurityKey SecurityKey);
