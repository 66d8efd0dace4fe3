namespace Tessera.Domain.Access;

/// <summary>
/// Claims Tessera puts on callers of its own APIs once they are authenticated, and the policies built on them.
/// </summary>
public static class AccessClaims
{
    /// <summary>Claim type naming what a caller is: <see cref="AdminRole"/> or <see cref="AgentRole"/>.</summary>
    public const string Role = "tessera:role";

    public const string AdminRole = "admin";

    public const string AgentRole = "agent";

    /// <summary>An identity signed in with an access token of Tessera's STS for the admin API; what it may do
    /// depends on the Tessera roles it holds on its tenant.</summary>
    public const string IdentityRole = "identity";

    /// <summary>
    /// Claim type of an agent's grant to mint tokens: <c>ISSUER:NAMESPACE/NAME</c>, where NAME may be <c>*</c>.
    /// </summary>
    public const string MintGrant = "tessera:mint";

    /// <summary>Policy: the bootstrap admin token, or an identity's access token for the admin API (whose roles are
    /// checked per route and tenant).</summary>
    public const string AdminPolicy = "tessera-admin";

    /// <summary>Policy: may call the mint endpoint at all; which accounts it may mint for is checked per request.</summary>
    public const string MintPolicy = "tessera-mint";

    public static string Grant(string issuer, string serviceAccount) => $"{issuer}:{serviceAccount}";
}
