using System.CommandLine;
using Tessera.Webhook;

namespace Tessera.Cli.Commands;

/// <summary>The flags of <c>tessera serve</c> that configure the Kubernetes admission webhook.</summary>
internal sealed class WebhookFlags
{
    private readonly Option<string?> _kubeconfig = new("--kubeconfig")
    {
        Description = "Kubeconfig file of the cluster whose pods the admission webhook mutates (default: " +
            "$KUBECONFIG, or the in-cluster configuration inside a pod; without any, /mutate-v1-pod is not served)",
    };

    private readonly Option<string?> _tenantId = new("--webhook-tenant-id")
    {
        Description = "AZURE_TENANT_ID for service accounts without a tenant-id annotation " +
            "(default: the default tenant)",
    };

    private readonly Option<string?> _authorityHost = new("--webhook-authority-host")
    {
        Description = "AZURE_AUTHORITY_HOST injected into pods, usually this server's public URL (default: none)",
    };

    private readonly Option<string?> _caConfigMap = new("--webhook-ca-configmap")
    {
        Description = "ConfigMap in each workload namespace whose ca.crt pods mount to trust Tessera (default: none)",
    };

    private readonly Option<string> _agentImage = new("--webhook-agent-image")
    {
        Description = "Image of Tessera's agent, injected as a native sidecar into pods asking for the identity " +
            "endpoint",
        DefaultValueFactory = _ => new WebhookOptions().AgentImage,
    };

    public IEnumerable<Option> All => [_kubeconfig, _tenantId, _authorityHost, _caConfigMap, _agentImage];

    public WebhookOptions Read(ParseResult result) => new()
    {
        Kubernetes = KubernetesAccess.FromEnvironment(result.GetValue(_kubeconfig)),
        TenantId = result.GetValue(_tenantId),
        AuthorityHost = result.GetValue(_authorityHost),
        CaConfigMap = result.GetValue(_caConfigMap),
        AgentImage = result.GetValue(_agentImage)!,
    };
}
