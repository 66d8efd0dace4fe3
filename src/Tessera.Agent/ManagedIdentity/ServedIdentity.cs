namespace Tessera.Agent.ManagedIdentity;

/// <summary>
/// An identity the managed identity endpoint signs in as. Requests pick one by <c>client_id</c>, <c>object_id</c>
/// (or <c>principal_id</c>) or <c>mi_res_id</c> (or <c>msi_res_id</c>); the first identity served is the default.
/// </summary>
/// <param name="PrincipalId">The object (principal) ID, when known; an agent that may not read the directory
/// knows only client IDs.</param>
/// <param name="ResourceId">The ARM-style resource ID of a managed identity, when known.</param>
public sealed record ServedIdentity(Guid ClientId, Guid TenantId, Guid? PrincipalId = null, string? ResourceId = null);
