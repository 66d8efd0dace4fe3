namespace Tessera.Client.Contracts;

/// <summary>
/// Body of <c>PUT /admin/trusted-issuers</c>: how the STS treats one external issuer's tokens. With
/// <see cref="ReplayProtection"/> each assertion (its <c>iss</c> and <c>jti</c>) is exchanged at most once.
/// </summary>
public sealed record SetTrustedIssuerRequest(string? Issuer, bool? ReplayProtection);

/// <summary>An external issuer's settings; issuers without any have replay protection off.</summary>
public sealed record TrustedIssuerResource(string Issuer, bool ReplayProtection, DateTimeOffset UpdatedAt);
