namespace Tessera.Domain.FederatedCredentials;

/// <summary>
/// Server-specific limits on federated credentials: issuers that must never be trusted as external issuers,
/// because an access token must never be exchanged for another.
/// </summary>
/// <param name="ReservedIssuerPrefixes">Issuer URL prefixes refused outright: Entra's own token issuers.</param>
/// <param name="IsOwnStsIssuer">Recognises this server's own STS issuers (any tenant, either version).</param>
public sealed record FederatedCredentialPolicy(IReadOnlyList<string> ReservedIssuerPrefixes, Func<string, bool> IsOwnStsIssuer)
{
    /// <summary>Entra ID's token issuers; a credential trusting them would let Entra tokens sign in here.</summary>
    public static readonly IReadOnlyList<string> EntraIssuerPrefixes =
    [
        "https://login.microsoftonline.com/",
        "https://login.microsoft.com/",
        "https://login.windows.net/",
        "https://sts.windows.net/",
        "https://login.microsoftonline.us/",
        "https://login.chinacloudapi.cn/",
    ];

    public static FederatedCredentialPolicy Default { get; } = new(EntraIssuerPrefixes, _ => false);

    /// <summary>Why <paramref name="issuer"/> may not be federated, or null when it may.</summary>
    public string? ReservedReason(string issuer)
    {
        var entra = ReservedIssuerPrefixes.FirstOrDefault(p =>
            issuer.StartsWith(p, StringComparison.OrdinalIgnoreCase)
            || string.Equals(issuer + "/", p, StringComparison.OrdinalIgnoreCase));
        if (entra is not null)
        {
            return $"tokens from '{entra}' are Entra ID access tokens, not workload tokens";
        }

        return IsOwnStsIssuer(issuer) ? "this is the issuer of Tessera's own access tokens" : null;
    }
}
