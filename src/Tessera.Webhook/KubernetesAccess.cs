using k8s;

namespace Tessera.Webhook;

/// <summary>Where the Kubernetes API's address and credentials come from.</summary>
public enum KubernetesAccessSource
{
    /// <summary>A kubeconfig file named on the command line.</summary>
    KubeconfigFile,

    /// <summary>The <c>KUBECONFIG</c> variable, which may list several files.</summary>
    KubeconfigVariable,

    /// <summary>The service account token and CA mounted into a pod.</summary>
    InCluster,
}

/// <summary>How Tessera reaches the Kubernetes API, to read service accounts for the admission webhook.</summary>
public sealed record KubernetesAccess(KubernetesAccessSource Source, string? KubeconfigPath = null)
{
    public const string KubeconfigVariable = "KUBECONFIG";

    /// <summary>
    /// The access a process has: <paramref name="kubeconfigFile"/> when given, else the <c>KUBECONFIG</c> variable,
    /// else the in-cluster configuration when running in a pod; null when there is none.
    /// </summary>
    public static KubernetesAccess? Detect(string? kubeconfigFile, string? kubeconfigVariable, bool inCluster)
    {
        if (!string.IsNullOrEmpty(kubeconfigFile))
        {
            return new KubernetesAccess(KubernetesAccessSource.KubeconfigFile, kubeconfigFile);
        }

        if (!string.IsNullOrEmpty(kubeconfigVariable))
        {
            return new KubernetesAccess(KubernetesAccessSource.KubeconfigVariable, kubeconfigVariable);
        }

        return inCluster ? new KubernetesAccess(KubernetesAccessSource.InCluster) : null;
    }

    /// <summary><see cref="Detect"/> over this process's command line value and environment.</summary>
    public static KubernetesAccess? FromEnvironment(string? kubeconfigFile) => Detect(
        kubeconfigFile,
        Environment.GetEnvironmentVariable(KubeconfigVariable),
        KubernetesClientConfiguration.IsInCluster());

    /// <summary>The client configuration; reads the kubeconfig or the pod's mounted credentials.</summary>
    public KubernetesClientConfiguration BuildConfiguration() => Source switch
    {
        KubernetesAccessSource.KubeconfigFile =>
            KubernetesClientConfiguration.BuildConfigFromConfigFile(KubeconfigPath!),
        // The client reads KUBECONFIG itself, merging the files it lists.
        KubernetesAccessSource.KubeconfigVariable => KubernetesClientConfiguration.BuildDefaultConfig(),
        _ => KubernetesClientConfiguration.InClusterConfig(),
    };

    /// <inheritdoc />
    public override string ToString() => Source switch
    {
        KubernetesAccessSource.KubeconfigFile => $"kubeconfig {KubeconfigPath}",
        KubernetesAccessSource.KubeconfigVariable => $"{KubeconfigVariable}={KubeconfigPath}",
        _ => "in-cluster configuration",
    };
}
