namespace Tessera.Webhook;

/// <summary>How the admission webhook injects workload identity into pods.</summary>
public sealed record WebhookOptions
{
    /// <summary>The Kubernetes API to read service accounts from; without it the webhook is not served.</summary>
    public KubernetesAccess? Kubernetes { get; init; }

    /// <summary>
    /// <c>AZURE_TENANT_ID</c> for service accounts without a tenant-id annotation; null means the server's default
    /// tenant.
    /// </summary>
    public string? TenantId { get; init; }

    /// <summary>
    /// <c>AZURE_AUTHORITY_HOST</c> injected into pods, normally Tessera's own URL; null injects none, and the SDKs
    /// then use Microsoft's.
    /// </summary>
    public string? AuthorityHost { get; init; }

    /// <summary>
    /// A ConfigMap, in each workload's namespace, whose <c>ca.crt</c> holds the CA bundle pods need to trust
    /// Tessera; mounted and named in <c>SSL_CERT_FILE</c> and <c>NODE_EXTRA_CA_CERTS</c>. Null mounts none.
    /// </summary>
    public string? CaConfigMap { get; init; }

    /// <summary>The image of Tessera's agent, injected as a native sidecar when a pod asks for one.</summary>
    public string AgentImage { get; init; } = "tessera:latest";

    /// <summary>Every problem with these options, each naming the flag, the value and what is expected.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (Kubernetes is { Source: KubernetesAccessSource.KubeconfigFile, KubeconfigPath: { } path }
            && !File.Exists(path))
        {
            problems.Add($"--kubeconfig '{path}' does not exist; name a kubeconfig file.");
        }

        if (AuthorityHost is { } host
            && (!Uri.TryCreate(host, UriKind.Absolute, out var url) || url.Scheme != Uri.UriSchemeHttps))
        {
            problems.Add($"--webhook-authority-host '{host}' is not an https URL; the Azure SDKs accept only https.");
        }

        if (TenantId is { } tenant && !Guid.TryParse(tenant, out _))
        {
            problems.Add($"--webhook-tenant-id '{tenant}' is not a tenant ID; use a GUID.");
        }

        if (CaConfigMap is { } configMap && !Mutation.KubernetesNames.IsDnsSubdomain(configMap))
        {
            problems.Add($"--webhook-ca-configmap '{configMap}' is not a ConfigMap name; use lowercase letters, " +
                "digits, '-' and '.'.");
        }

        if (string.IsNullOrWhiteSpace(AgentImage))
        {
            problems.Add("--webhook-agent-image is empty; name the image of Tessera's agent.");
        }

        return problems;
    }
}
