namespace Tessera.Client.Contracts;

/// <summary>A hosted issuer as the admin API returns it.</summary>
public sealed record IssuerResource(string Name, string Url, string DiscoveryUrl, string JwksUrl, DateTimeOffset CreatedAt);

/// <summary>Body of <c>POST /admin/issuers</c>.</summary>
public sealed record CreateIssuerRequest(string? Name);

/// <summary>A Kubernetes object a workload token is bound to.</summary>
public sealed record BoundObjectReference(string Name, string Uid);

/// <summary>Body of <c>POST /issuers/{name}/token</c>.</summary>
/// <param name="ServiceAccount">NAMESPACE/NAME.</param>
/// <param name="ExpirationSeconds">Requested lifetime; 600 to the server maximum, default 3600.</param>
public sealed record MintWorkloadTokenRequest(
    string? ServiceAccount,
    IReadOnlyList<string>? Audiences = null,
    int? ExpirationSeconds = null,
    BoundObjectReference? Pod = null,
    BoundObjectReference? Node = null);

/// <summary>A minted workload token.</summary>
public sealed record WorkloadTokenResponse(string Token, DateTimeOffset IssuedAt, DateTimeOffset ExpiresAt);

/// <summary>
/// An agent credential: lets one machine have an issuer mint tokens for <c>ServiceAccounts</c> (NAMESPACE/NAME or
/// NAMESPACE/*). <c>Secret</c> is present only in the answer to its creation.
/// </summary>
public sealed record AgentCredentialResource(
    Guid Id, string Issuer, string ServiceAccounts, DateTimeOffset CreatedAt, string? Secret = null);

/// <summary>Body of <c>POST /admin/issuers/{name}/agent-credentials</c>.</summary>
public sealed record CreateAgentCredentialRequest(string? ServiceAccounts);
