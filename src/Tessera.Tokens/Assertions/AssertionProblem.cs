namespace Tessera.Tokens.Assertions;

/// <summary>Why an assertion was refused. The STS maps each to an Entra error code.</summary>
public enum AssertionProblem
{
    /// <summary>Longer than the configured limit.</summary>
    TooLarge,

    /// <summary>Not three canonical base64url segments holding JSON objects.</summary>
    Malformed,

    /// <summary>A header member Tessera never honours (keys or key URLs, <c>crit</c>, compression, JWE).</summary>
    ForbiddenHeader,

    /// <summary><c>alg</c> is <c>none</c>, HMAC, unknown, or not allowed for this issuer.</summary>
    UnsupportedAlgorithm,

    /// <summary>A required claim (<c>iss</c>, <c>sub</c>, <c>aud</c>, <c>exp</c>, <c>iat</c>) is absent.</summary>
    MissingClaim,

    /// <summary>A claim has the wrong JSON type or an impossible value.</summary>
    InvalidClaim,

    /// <summary>No key of the issuer has the token's <c>kid</c>, even after refreshing the key set.</summary>
    UnknownKey,

    /// <summary>The key named by <c>kid</c> exists but was refused by key policy, or does not fit the algorithm.</summary>
    KeyRefused,

    /// <summary>The signature does not verify with the issuer's key.</summary>
    BadSignature,

    /// <summary>Current time is after <c>exp</c> (plus allowed skew).</summary>
    Expired,

    /// <summary>Current time is before <c>nbf</c> or <c>iat</c> (minus allowed skew).</summary>
    NotYetValid,

    /// <summary><c>exp - iat</c> is longer than allowed.</summary>
    LifetimeTooLong,
}
