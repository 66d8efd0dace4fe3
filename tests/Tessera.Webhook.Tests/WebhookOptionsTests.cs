namespace Tessera.Webhook.Tests;

/// <summary>Where Kubernetes access comes from, and webhook options refused with the flag, value and expectation.</summary>
public sealed class WebhookOptionsTests
{
    [Theory]
    [InlineData("/etc/k.yaml", "/home/me/.kube/config", true, "KubeconfigFile /etc/k.yaml")]
    [InlineData(null, "/home/me/.kube/config", true, "KubeconfigVariable /home/me/.kube/config")]
    [InlineData(null, null, true, "InCluster ")]
    [InlineData(null, "", false, "none")]
    public void Access_comes_from_the_flag_then_the_variable_then_the_pod(
        string? flag, string? variable, bool inCluster, string expected)
    {
        var access = KubernetesAccess.Detect(flag, variable, inCluster);

        Assert.Equal(expected, access is null ? "none" : $"{access.Source} {access.KubeconfigPath}");
    }

    [Theory]
    [InlineData("kubeconfig", "--kubeconfig '/no/such/kubeconfig' does not exist; name a kubeconfig file.")]
    [InlineData("authority", "--webhook-authority-host 'http://tessera.example' is not an https URL; the Azure SDKs accept only https.")]
    [InlineData("tenant", "--webhook-tenant-id 'contoso' is not a tenant ID; use a GUID.")]
    [InlineData("configmap", "--webhook-ca-configmap 'Tessera_CA' is not a ConfigMap name")]
    public void Bad_option_is_named_with_its_value(string which, string problem)
    {
        var options = which switch
        {
            "kubeconfig" => new WebhookOptions { Kubernetes = new(KubernetesAccessSource.KubeconfigFile, "/no/such/kubeconfig") },
            "authority" => new WebhookOptions { AuthorityHost = "http://tessera.example" },
            "tenant" => new WebhookOptions { TenantId = "contoso" },
            _ => new WebhookOptions { CaConfigMap = "Tessera_CA" },
        };

        var problems = options.Validate();

        Assert.StartsWith(problem, Assert.Single(problems), StringComparison.Ordinal);
    }
}
