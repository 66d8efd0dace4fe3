namespace Tessera.Domain.Issuers;

/// <summary>
/// A key set an administrator uploaded for an external issuer whose discovery endpoint the STS cannot reach (a
/// private cluster's API server, say). The STS uses it instead of fetching; uploading a new one rotates the keys.
/// </summary>
public sealed record StaticKeySet(string Issuer, string Jwks, DateTimeOffset UpdatedAt);
