using k8s.Models;

namespace Tessera.Webhook.Install;

/// <summary>The server itself: its Deployment, disruption budget, Service and data volume.</summary>
internal static class ServerManifests
{
    public const string TlsSecretName = "tessera-tls";
    public const string DataClaimName = "tessera-data";

    private const string TlsPath = "/etc/tessera/tls";
    private const string DataPath = "/var/lib/tessera";

    /// <summary>The non-root user of the server's container; the data volume is made writable for its group.</summary>
    private const long User = 65532;

    public static readonly Dictionary<string, string> Labels = new()
    {
        ["app.kubernetes.io/name"] = InstallOptions.Name,
    };

    private static readonly Dictionary<string, string> s_podLabels = new()
    {
        ["app.kubernetes.io/name"] = InstallOptions.Name,
        ["app.kubernetes.io/component"] = "server",
    };

    public static V1Deployment Deployment(InstallOptions options) => new()
    {
        ApiVersion = "apps/v1",
        Kind = "Deployment",
        Metadata = Metadata(options, InstallOptions.Name),
        Spec = new V1DeploymentSpec
        {
            Replicas = options.Replicas,
            Selector = new V1LabelSelector { MatchLabels = s_podLabels },
            // A shared store: one new replica at a time, started before an old one stops. SQLite: one ReadWriteOnce
            // volume cannot be attached to the old and the new pod on different nodes at once, so recreate.
            Strategy = options.SharedStore
                ? new V1DeploymentStrategy
                {
                    Type = "RollingUpdate",
                    RollingUpdate = new V1RollingUpdateDeployment { MaxSurge = 1, MaxUnavailable = 0 },
                }
                : new V1DeploymentStrategy { Type = "Recreate" },
            Template = new V1PodTemplateSpec
            {
                Metadata = new V1ObjectMeta { Labels = s_podLabels },
                Spec = new V1PodSpec
                {
                    ServiceAccountName = InstallOptions.Name,
                    SecurityContext = new V1PodSecurityContext
                    {
                        RunAsNonRoot = true,
                        RunAsUser = User,
                        RunAsGroup = User,
                        FsGroup = User,
                        SeccompProfile = new V1SeccompProfile { Type = "RuntimeDefault" },
                    },
                    Containers = [Container(options)],
                    Volumes =
                    [
                        new V1Volume { Name = "tls", Secret = new V1SecretVolumeSource { SecretName = TlsSecretName } },
                        options.SharedStore
                            ? new V1Volume { Name = "data", EmptyDir = new V1EmptyDirVolumeSource() }
                            : new V1Volume
                            {
                                Name = "data",
                                PersistentVolumeClaim = new V1PersistentVolumeClaimVolumeSource
                                {
                                    ClaimName = DataClaimName,
                                },
                            },
                    ],
                },
            },
        },
    };

    public static V1PodDisruptionBudget DisruptionBudget(InstallOptions options) => new()
    {
        ApiVersion = "policy/v1",
        Kind = "PodDisruptionBudget",
        Metadata = Metadata(options, InstallOptions.Name),
        // At most one replica down at a time: with two, one always answers the webhook; with one, drains still work.
        Spec = new V1PodDisruptionBudgetSpec
        {
            MaxUnavailable = 1,
            Selector = new V1LabelSelector { MatchLabels = s_podLabels },
        },
    };

    public static V1Service Service(InstallOptions options) => new()
    {
        ApiVersion = "v1",
        Kind = "Service",
        Metadata = Metadata(options, InstallOptions.Name),
        Spec = new V1ServiceSpec
        {
            Selector = s_podLabels,
            Ports = [new V1ServicePort { Name = "https", Port = 443, TargetPort = "https", Protocol = "TCP" }],
        },
    };

    public static V1PersistentVolumeClaim DataVolumeClaim(InstallOptions options) => new()
    {
        ApiVersion = "v1",
        Kind = "PersistentVolumeClaim",
        Metadata = Metadata(options, DataClaimName),
        Spec = new V1PersistentVolumeClaimSpec
        {
            AccessModes = ["ReadWriteOnce"],
            Resources = new V1VolumeResourceRequirements
            {
                Requests = new Dictionary<string, ResourceQuantity> { ["storage"] = new("1Gi") },
            },
        },
    };

    private static V1Probe Probe(string path) => new()
    {
        HttpGet = new V1HTTPGetAction { Path = path, Port = "https", Scheme = "HTTPS" },
        PeriodSeconds = 10,
    };

    private static V1Container Container(InstallOptions options)
    {
        // Live while the process answers; ready while the STS has its signing key. A database outage does not make
        // replicas unready: they keep exchanging tokens from their caches, and all of them would fail the check at
        // once, leaving the Service with no endpoint at all.
        var live = Probe("/healthz");
        var ready = Probe("/readyz?exclude=store");
        return new V1Container
        {
            Name = InstallOptions.Name,
            Image = options.Image,
            Command = ["tessera"],
            Args = Arguments(options),
            Ports = [new V1ContainerPort { Name = "https", ContainerPort = InstallOptions.Port, Protocol = "TCP" }],
            Env = Variables(options),
            ReadinessProbe = ready,
            LivenessProbe = live,
            Resources = new V1ResourceRequirements
            {
                Requests = new Dictionary<string, ResourceQuantity>
                {
                    ["cpu"] = new("100m"),
                    ["memory"] = new("128Mi"),
                },
                Limits = new Dictionary<string, ResourceQuantity> { ["memory"] = new("512Mi") },
            },
            SecurityContext = new V1SecurityContext
            {
                AllowPrivilegeEscalation = false,
                ReadOnlyRootFilesystem = true,
                Capabilities = new V1Capabilities { Drop = ["ALL"] },
            },
            VolumeMounts =
            [
                new V1VolumeMount { Name = "tls", MountPath = TlsPath, ReadOnlyProperty = true },
                new V1VolumeMount { Name = "data", MountPath = DataPath },
            ],
        };
    }

    /// <summary>Secrets reach the server as variables, never as arguments, which any process may read.</summary>
    private static List<V1EnvVar>? Variables(InstallOptions options)
    {
        var variables = new List<V1EnvVar>();
        if (options.StoreSecret is { } store)
        {
            variables.Add(FromSecret("TESSERA_STORE_CONNECTION", store, "connection-string"));
        }

        if (options.KeyEncryptionKeySecret is { } keyEncryptionKey)
        {
            variables.Add(FromSecret("TESSERA_KEY_ENCRYPTION_KEY", keyEncryptionKey, "key-encryption-key"));
        }

        return variables.Count == 0 ? null : variables;
    }

    private static V1EnvVar FromSecret(string name, string secret, string key) => new()
    {
        Name = name,
        ValueFrom = new V1EnvVarSource { SecretKeyRef = new V1SecretKeySelector { Name = secret, Key = key } },
    };

    /// <summary><c>tessera serve</c> in the cluster: its Kubernetes access is the pod's own (in-cluster).</summary>
    private static List<string> Arguments(InstallOptions options)
    {
        var arguments = new List<string>
        {
            "serve",
            "--host", "0.0.0.0",
            "--port", InstallOptions.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--public-url", options.EffectivePublicUrl,
            "--certificate", $"{TlsPath}/tls.crt",
            "--certificate-key", $"{TlsPath}/tls.key",
            "--data", DataPath,
            "--store", options.Store,
            "--log-format", "json",
            "--webhook-authority-host", options.EffectivePublicUrl.TrimEnd('/') + "/",
            "--webhook-agent-image", options.Image,
        };
        if (options.CaConfigMap is { } configMap)
        {
            arguments.AddRange(["--webhook-ca-configmap", configMap]);
        }

        return arguments;
    }

    private static V1ObjectMeta Metadata(InstallOptions options, string name) =>
        new() { Name = name, NamespaceProperty = options.Namespace, Labels = Labels };
}
