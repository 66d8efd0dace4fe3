namespace Tessera.Domain.FederatedCredentials;

/// <summary>
/// A federated credential as a caller sent it, before validation. <see cref="Audiences"/> is a list because the
/// wire format is; the rules require exactly one value.
/// </summary>
public sealed record FederatedCredentialDraft(
    string? Name,
    string? Issuer,
    string? Subject,
    IReadOnlyList<string>? Audiences,
    string? Description);
