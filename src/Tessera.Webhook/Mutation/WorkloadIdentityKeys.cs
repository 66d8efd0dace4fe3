namespace Tessera.Webhook.Mutation;

/// <summary>
/// The label and annotations of Azure workload identity, read exactly as Azure's webhook reads them, plus the one
/// annotation Tessera adds to record what it injected.
/// </summary>
public static class WorkloadIdentityKeys
{
    /// <summary>Prefix shared by every workload identity label and annotation.</summary>
    public const string Prefix = "azure.workload.identity/";

    /// <summary>Pod label, value <c>"true"</c>: the pod wants a workload identity.</summary>
    public const string UseLabel = Prefix + "use";

    /// <summary>Service account annotation: the identity's client ID, injected as <c>AZURE_CLIENT_ID</c>.</summary>
    public const string ClientId = Prefix + "client-id";

    /// <summary>
    /// Service account annotation: the tenant ID, injected as <c>AZURE_TENANT_ID</c>. When present, even empty,
    /// it wins over the webhook's default tenant.
    /// </summary>
    public const string TenantId = Prefix + "tenant-id";

    /// <summary>Service account or pod annotation: token lifetime in seconds, 3600-86400; the pod's wins.</summary>
    public const string TokenExpiration = Prefix + "service-account-token-expiration";

    /// <summary>Pod annotation: <c>;</c>-separated names of containers that get nothing injected.</summary>
    public const string SkipContainers = Prefix + "skip-containers";

    /// <summary>Pod annotation, <c>"true"</c> or <c>"false"</c>: inject the identity endpoint sidecar.</summary>
    public const string InjectProxySidecar = Prefix + "inject-proxy-sidecar";

    /// <summary>Pod annotation: the loopback port of the identity endpoint sidecar; 8000 when absent.</summary>
    public const string ProxySidecarPort = Prefix + "proxy-sidecar-port";

    /// <summary>
    /// Pod annotation written by Tessera: for each container, the environment variables the webhook itself added.
    /// Only these are brought up to date when the webhook is invoked again; values a user set are never touched.
    /// </summary>
    public const string InjectedEnvironment = "tessera.dev/injected-env";

    /// <summary>Annotations a pod or service account may carry, used to spot misspellings.</summary>
    internal static readonly string[] Known =
        [UseLabel, ClientId, TenantId, TokenExpiration, SkipContainers, InjectProxySidecar, ProxySidecarPort];
}
