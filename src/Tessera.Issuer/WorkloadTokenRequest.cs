using Tessera.Domain.ServiceAccounts;

namespace Tessera.Issuer;

/// <summary>A reference to a Kubernetes object a token is bound to (pod or node).</summary>
public sealed record BoundObject(string Name, string Uid);

/// <summary>What a caller asks a hosted issuer to mint.</summary>
/// <param name="Lifetime">Requested lifetime; null means the default of one hour.</param>
public sealed record WorkloadTokenRequest(
    ServiceAccount ServiceAccount,
    IReadOnlyList<string> Audiences,
    TimeSpan? Lifetime,
    BoundObject? Pod = null,
    BoundObject? Node = null);

/// <summary>A minted workload token and its validity.</summary>
public sealed record MintedWorkloadToken(string Token, DateTimeOffset IssuedAt, DateTimeOffset ExpiresAt);
