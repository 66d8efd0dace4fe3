namespace Tessera.Client.Contracts;

/// <summary>One token exchange from the sign-in log.</summary>
public sealed record SignInResource(
    Guid Id,
    DateTimeOffset Time,
    Guid? TenantId,
    Guid? ClientId,
    string? IdentityName,
    string? CredentialName,
    string? Issuer,
    string? Subject,
    string? Audience,
    string? Resource,
    string Outcome,
    int? ErrorCode,
    string? ErrorDescription,
    string CorrelationId,
    string? TraceId,
    string? TokenId,
    string? ClientAddress,
    double DurationMilliseconds);
