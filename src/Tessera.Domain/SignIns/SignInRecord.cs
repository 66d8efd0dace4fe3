namespace Tessera.Domain.SignIns;

/// <summary>
/// One token exchange, successful or not, as far as it got: who tried to sign in as what, with which assertion
/// (described, never stored), and the outcome. The description is the one the client received.
/// </summary>
public sealed record SignInRecord
{
    public required Guid Id { get; init; }

    public required DateTimeOffset Time { get; init; }

    public Guid? TenantId { get; init; }

    public Guid? ClientId { get; init; }

    public string? IdentityName { get; init; }

    public string? CredentialName { get; init; }

    public string? Issuer { get; init; }

    public string? Subject { get; init; }

    public string? Audience { get; init; }

    public string? Resource { get; init; }

    /// <summary><see cref="SignInOutcomes.Success"/> or <see cref="SignInOutcomes.Failure"/>.</summary>
    public required string Outcome { get; init; }

    /// <summary>The AADSTS code of a failure.</summary>
    public int? ErrorCode { get; init; }

    public string? ErrorDescription { get; init; }

    public required string CorrelationId { get; init; }

    public string? TraceId { get; init; }

    /// <summary>The access token's <c>uti</c>, so a token seen at a resource can be traced back here.</summary>
    public string? TokenId { get; init; }

    public string? ClientAddress { get; init; }

    public required double DurationMilliseconds { get; init; }
}

/// <summary>Outcome values of sign-in records.</summary>
public static class SignInOutcomes
{
    public const string Success = "success";
    public const string Failure = "failure";
}

/// <summary>Filters for reading the sign-in log; every filter is optional.</summary>
/// <param name="TenantIds">Only records of these tenants (records of unknown tenants are left out).</param>
public sealed record SignInQuery(
    Guid? ClientId = null,
    string? Outcome = null,
    int? ErrorCode = null,
    DateTimeOffset? From = null,
    DateTimeOffset? To = null,
    int Limit = 100,
    IReadOnlyList<Guid>? TenantIds = null);
