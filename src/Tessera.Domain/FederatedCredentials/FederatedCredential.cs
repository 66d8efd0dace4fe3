namespace Tessera.Domain.FederatedCredentials;

/// <summary>
/// Trust from one identity to tokens of one external issuer: an assertion whose <c>iss</c>, <c>sub</c> and
/// <c>aud</c> equal <see cref="Issuer"/>, <see cref="Subject"/> and <see cref="Audience"/> exactly may sign in as
/// the identity.
/// </summary>
public sealed record FederatedCredential(
    Guid Id,
    Guid ClientId,
    string Name,
    string Issuer,
    string Subject,
    string Audience,
    string? Description,
    DateTimeOffset CreatedAt);
