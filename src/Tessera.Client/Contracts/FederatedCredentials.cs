namespace Tessera.Client.Contracts;

/// <summary>A federated identity credential as the admin API returns it (Entra's shape: audiences is a list).</summary>
public sealed record FederatedCredentialResource(
    Guid Id,
    Guid ClientId,
    string Name,
    string Issuer,
    string Subject,
    IReadOnlyList<string> Audiences,
    string? Description,
    DateTimeOffset CreatedAt);

/// <summary>Body of <c>POST /admin/identities/{clientId}/federated-credentials</c>.</summary>
public sealed record CreateFederatedCredentialRequest(
    string? Name,
    string? Issuer,
    string? Subject,
    IReadOnlyList<string>? Audiences = null,
    string? Description = null);
