namespace Tessera.Storage.Sql;

// Row shapes as the database returns them (GUIDs as text, times as Unix milliseconds); Dapper fills them and the
// store converts them to domain records. Kept apart from the domain so storage details never leak into it.
#pragma warning disable CA1812 // Instantiated by Dapper.

internal sealed class TenantRow
{
    public string Id { get; set; } = "";
    public string Name { get; set; } = "";
    public long CreatedAt { get; set; }
}

internal sealed class IdentityRow
{
    public string ClientId { get; set; } = "";
    public string PrincipalId { get; set; } = "";
    public string TenantId { get; set; } = "";
    public string Name { get; set; } = "";
    public string Kind { get; set; } = "";
    public string? ResourceId { get; set; }
    public string? IdentifierUri { get; set; }
    public long AccessTokenVersion { get; set; }
    public long CreatedAt { get; set; }
}

internal sealed class FederatedCredentialRow
{
    public string Id { get; set; } = "";
    public string ClientId { get; set; } = "";
    public string Name { get; set; } = "";
    public string Issuer { get; set; } = "";
    public string? Subject { get; set; }
    public string? ClaimsMatchingExpression { get; set; }
    public string Audience { get; set; } = "";
    public string? Description { get; set; }
    public long CreatedAt { get; set; }
}

internal sealed class IssuerRow
{
    public string Name { get; set; } = "";
    public long CreatedAt { get; set; }
}

internal sealed class SigningKeyRow
{
    public string KeyId { get; set; } = "";
    public string Owner { get; set; } = "";
    public string Algorithm { get; set; } = "";
    public byte[] PrivateKey { get; set; } = [];
    public byte[]? Certificate { get; set; }
    public long CreatedAt { get; set; }
    public long ActivatesAt { get; set; }
    public long? RetiresAt { get; set; }
    public long? ExpiresAt { get; set; }
}

internal sealed class AgentCredentialRow
{
    public string Id { get; set; } = "";
    public string Issuer { get; set; } = "";
    public string ServiceAccounts { get; set; } = "";
    public long CreatedAt { get; set; }
}

internal sealed class SignInRow
{
    public string Id { get; set; } = "";
    public long Time { get; set; }
    public string? TenantId { get; set; }
    public string? ClientId { get; set; }
    public string? IdentityName { get; set; }
    public string? CredentialName { get; set; }
    public string? Issuer { get; set; }
    public string? Subject { get; set; }
    public string? Audience { get; set; }
    public string? Resource { get; set; }
    public string Outcome { get; set; } = "";
    public long? ErrorCode { get; set; }
    public string? ErrorDescription { get; set; }
    public string CorrelationId { get; set; } = "";
    public string? TraceId { get; set; }
    public string? TokenId { get; set; }
    public string? ClientAddress { get; set; }
    public double DurationMs { get; set; }
}

internal sealed class StaticKeySetRow
{
    public string Issuer { get; set; } = "";
    public string Jwks { get; set; } = "";
    public long UpdatedAt { get; set; }
}

internal sealed class TrustedIssuerSettingsRow
{
    public string Issuer { get; set; } = "";
    public long ReplayProtection { get; set; }
    public long UpdatedAt { get; set; }
}
