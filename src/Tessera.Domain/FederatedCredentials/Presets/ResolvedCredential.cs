namespace Tessera.Domain.FederatedCredentials.Presets;

/// <summary>
/// What a preset (or the plain options) amount to: the issuer and the subject or expression to send, the replay
/// protection the preset recommends for the issuer (null without a preset), a name for the credential when the user
/// gave none, and advice to print.
/// </summary>
public sealed record ResolvedCredential(
    string? Issuer,
    string? Subject,
    string? ClaimsMatchingExpression,
    bool? ReplayProtection,
    string? SuggestedName,
    IReadOnlyList<string> Advice);
