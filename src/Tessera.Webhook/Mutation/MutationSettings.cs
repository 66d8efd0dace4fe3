namespace Tessera.Webhook.Mutation;

/// <summary>The webhook's configuration as one mutation needs it, the default tenant resolved.</summary>
/// <param name="DefaultTenantId">For service accounts without a tenant-id annotation.</param>
/// <param name="AuthorityHost">Injected as <c>AZURE_AUTHORITY_HOST</c>; null injects none.</param>
/// <param name="CaConfigMap">ConfigMap holding the CA to trust; null mounts none.</param>
/// <param name="AgentImage">Image of the identity endpoint sidecar.</param>
internal sealed record MutationSettings(
    string? DefaultTenantId, string? AuthorityHost, string? CaConfigMap, string AgentImage);
