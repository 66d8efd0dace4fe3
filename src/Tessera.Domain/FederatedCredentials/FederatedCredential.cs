namespace Tessera.Domain.FederatedCredentials;

/// <summary>
/// Trust from one identity to tokens of one external issuer: an assertion whose <c>iss</c> and <c>aud</c> equal
/// <see cref="Issuer"/> and <see cref="Audience"/> exactly may sign in as the identity when its <c>sub</c> equals
/// <see cref="Subject"/> or, for a flexible credential, when its claims satisfy
/// <see cref="ClaimsMatchingExpression"/>. Exactly one of the two is set.
/// </summary>
public sealed record FederatedCredential(
    Guid Id,
    Guid ClientId,
    string Name,
    string Issuer,
    string? Subject,
    string Audience,
    string? Description,
    DateTimeOffset CreatedAt,
    string? ClaimsMatchingExpression = null)
{
    /// <summary>Whether the credential matches claims by expression rather than by exact subject.</summary>
    public bool IsFlexible => ClaimsMatchingExpression is not null;
}
