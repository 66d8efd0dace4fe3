namespace Tessera.Domain.Issuers;

/// <summary>
/// How Tessera treats tokens of one external issuer, whichever identities trust it. An issuer without settings
/// gets <see cref="Defaults"/>.
/// </summary>
/// <param name="Issuer">The issuer URL, exactly as its tokens' <c>iss</c>.</param>
/// <param name="ReplayProtection">When on, each assertion (its <c>iss</c> and <c>jti</c>) is exchanged at most once
/// while it is valid, and assertions without a <c>jti</c> are refused. Off by default, because SDKs reading a
/// Kubernetes token file send the same token until the file is refreshed; CI presets turn it on, as a CI job asks
/// its provider for a new token for each sign-in.</param>
public sealed record TrustedIssuerSettings(string Issuer, bool ReplayProtection, DateTimeOffset UpdatedAt)
{
    public static TrustedIssuerSettings Defaults(string issuer) => new(issuer, false, DateTimeOffset.UnixEpoch);
}
