using Tessera.Domain.FederatedCredentials;
using Tessera.Domain.Identities;
using Tessera.Domain.Tenants;
using Tessera.Sts.AccessTokens;
using Tessera.Sts.Errors;

namespace Tessera.Sts.Exchange;

/// <summary>
/// What is known about one exchange, as far as it got: enough for a log line or a sign-in record. Never holds the
/// assertion or the access token.
/// </summary>
public sealed record ExchangeFacts
{
    public Tenant? Tenant { get; init; }

    public Identity? Identity { get; init; }

    public FederatedCredential? Credential { get; init; }

    public string? Issuer { get; init; }

    public string? Subject { get; init; }

    /// <summary>The audience matched, or the assertion's first audience when none matched.</summary>
    public string? Audience { get; init; }

    public string? Resource { get; init; }
}

/// <summary>The result of a token exchange: an access token, or the error to answer with.</summary>
public sealed record ExchangeOutcome(IssuedAccessToken? Token, StsError? Error, ExchangeFacts Facts)
{
    public static ExchangeOutcome Refused(StsError error, ExchangeFacts facts) => new(null, error, facts);
}
