namespace Tessera.Tokens.Jwt;

/// <summary>The JWS algorithms Tessera knows, and which of them it will ever accept.</summary>
public static class SigningAlgorithms
{
    public const string Rs256 = "RS256";
    public const string Es256 = "ES256";

    /// <summary>
    /// Asymmetric algorithms only. HMAC is never accepted for external tokens: the verifying key would be the
    /// signing key, and a public key mistaken for an HMAC secret is the classic algorithm-confusion attack.
    /// </summary>
    public static readonly IReadOnlySet<string> Asymmetric = new HashSet<string>(StringComparer.Ordinal)
    {
        "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512",
    };

    /// <summary>What an external issuer may use unless configured otherwise: what Kubernetes, GitHub and GitLab
    /// sign with.</summary>
    public static readonly IReadOnlyList<string> DefaultForIssuers = ["RS256", "RS384", "RS512", "ES256", "ES384", "ES512"];

    /// <summary>The key type an algorithm needs: RSA for RS*/PS*, EC for ES*.</summary>
    public static string KeyTypeFor(string algorithm) => algorithm.StartsWith("ES", StringComparison.Ordinal) ? "EC" : "RSA";

    /// <summary>The curve an ES algorithm is defined on (RFC 7518 §3.4), or null for RSA algorithms.</summary>
    public static string? CurveFor(string algorithm) => algorithm switch
    {
        "ES256" => "P-256",
        "ES384" => "P-384",
        "ES512" => "P-521",
        _ => null,
    };
}
