namespace Tessera.Client.Contracts;

/// <summary>
/// A federated identity credential as the admin API returns it (Entra's shape: audiences is a list). A flexible
/// credential has <see cref="ClaimsMatchingExpression"/> and no <see cref="Subject"/>.
/// </summary>
public sealed record FederatedCredentialResource(
    Guid Id,
    Guid ClientId,
    string Name,
    string Issuer,
    string? Subject,
    IReadOnlyList<string> Audiences,
    string? Description,
    DateTimeOffset CreatedAt,
    ClaimsMatchingExpression? ClaimsMatchingExpression = null);

/// <summary>
/// A flexible credential's expression, in Entra's wire shape:
/// <c>{"value": "claims['sub'] matches 'repo:org/app:*'", "languageVersion": 1}</c>.
/// </summary>
public sealed record ClaimsMatchingExpression(string? Value, int LanguageVersion = 1);

/// <summary>
/// Body of <c>POST /admin/identities/{clientId}/federated-credentials</c>: a subject, or for a flexible credential a
/// claims matching expression instead.
/// </summary>
public sealed record CreateFederatedCredentialRequest(
    string? Name,
    string? Issuer,
    string? Subject,
    IReadOnlyList<string>? Audiences = null,
    string? Description = null,
    ClaimsMatchingExpression? ClaimsMatchingExpression = null);
