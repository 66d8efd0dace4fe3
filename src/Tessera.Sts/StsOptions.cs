using Tessera.Tokens.Assertions;
using Tessera.Tokens.Jwt;
using Tessera.Tokens.KeySets;

namespace Tessera.Sts;

/// <summary>Settings of the security token service.</summary>
public sealed record StsOptions
{
    public AssertionLimits Assertions { get; init; } = AssertionLimits.Default;

    public KeySetPolicy KeySets { get; init; } = KeySetPolicy.Default;

    /// <summary>Algorithms accepted from external issuers.</summary>
    public IReadOnlyList<string> IssuerAlgorithms { get; init; } = SigningAlgorithms.DefaultForIssuers;

    /// <summary>Access tokens for app registrations: about an hour, as Entra issues them.</summary>
    public TimeSpan AppRegistrationTokenLifetime { get; init; } = TimeSpan.FromSeconds(3599);

    /// <summary>Access tokens for managed identities: about a day, with a refresh hint at half.</summary>
    public TimeSpan ManagedIdentityTokenLifetime { get; init; } = TimeSpan.FromSeconds(86399);

    public IssuerFetchOptions IssuerFetch { get; init; } = new();

    public RateLimits RateLimits { get; init; } = new();
}

/// <summary>How issuers' discovery documents and key sets are fetched and cached.</summary>
public sealed record IssuerFetchOptions
{
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(5);

    public int MaxDocumentBytes { get; init; } = 512 * 1024;

    /// <summary>How long fetched keys are used without asking again (shortened by the issuer's max-age).</summary>
    public TimeSpan CacheDuration { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Shortest interval between two fetches for one issuer, even when a token names an unknown kid.</summary>
    public TimeSpan MinRefetchInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a kid still unknown after a refetch is answered from memory.</summary>
    public TimeSpan UnknownKeyCacheDuration { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How long stale keys keep serving when the issuer cannot be reached.</summary>
    public TimeSpan MaxStaleness { get; init; } = TimeSpan.FromHours(24);
}
