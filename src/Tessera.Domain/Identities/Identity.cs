namespace Tessera.Domain.Identities;

/// <summary>
/// A security principal that workloads sign in as. The client ID names it in token requests; the principal ID
/// is what access tokens carry in <c>oid</c> and <c>sub</c>.
/// </summary>
/// <param name="ResourceId">ARM-style resource ID, for managed identities only (access tokens carry it as
/// <c>xms_mirid</c>).</param>
/// <param name="IdentifierUri">For app registrations: the URI other identities use as the resource when they
/// request tokens for this one (for example <c>api://orders</c>).</param>
/// <param name="AccessTokenVersion">1 or 2: the claim set of access tokens issued for this identity as a
/// resource.</param>
public sealed record Identity(
    Guid ClientId,
    Guid PrincipalId,
    Guid TenantId,
    string Name,
    IdentityKind Kind,
    string? ResourceId,
    string? IdentifierUri,
    int AccessTokenVersion,
    DateTimeOffset CreatedAt);
