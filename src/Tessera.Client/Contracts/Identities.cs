namespace Tessera.Client.Contracts;

/// <summary>An identity as the admin API returns it.</summary>
/// <param name="AppRoles">For an app registration shown alone: the app roles it declares; null in lists.</param>
public sealed record IdentityResource(
    Guid ClientId,
    Guid PrincipalId,
    Guid TenantId,
    string Name,
    string Kind,
    string? ResourceId,
    string? IdentifierUri,
    int AccessTokenVersion,
    DateTimeOffset CreatedAt,
    IReadOnlyList<string>? AppRoles = null);

/// <summary>Body of <c>POST /admin/identities</c>. <c>Tenant</c> is an ID or name; the default tenant if absent.</summary>
/// <param name="AppRoles">For app registrations: the app roles it declares, such as <c>Orders.Read</c>.</param>
public sealed record CreateIdentityRequest(
    string? Name,
    string? Kind = null,
    string? Tenant = null,
    string? IdentifierUri = null,
    int? AccessTokenVersion = null,
    IReadOnlyList<string>? AppRoles = null);
