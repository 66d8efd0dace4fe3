namespace Tessera.Domain.Identities;

/// <summary>What a caller asks for when creating an identity; IDs are assigned by the directory.</summary>
public sealed record IdentityDraft(
    string? Name,
    string? Kind,
    string? IdentifierUri = null,
    int? AccessTokenVersion = null);
