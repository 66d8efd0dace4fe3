namespace Tessera.Domain.FederatedCredentials;

/// <summary>
/// A federated credential as a caller sent it, before validation. <see cref="Audiences"/> is a list because the
/// wire format is; the rules require exactly one value. A flexible credential sends
/// <see cref="ClaimsMatchingExpression"/> (and optionally its <see cref="LanguageVersion"/>) instead of a subject.
/// </summary>
public sealed record FederatedCredentialDraft(
    string? Name,
    string? Issuer,
    string? Subject,
    IReadOnlyList<string>? Audiences,
    string? Description,
    string? ClaimsMatchingExpression = null,
    int? LanguageVersion = null);
