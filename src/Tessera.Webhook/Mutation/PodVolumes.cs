using System.Text.Json.Nodes;
using k8s.Models;

namespace Tessera.Webhook.Mutation;

/// <summary>The volumes the webhook adds to a pod, and the read-only mounts of them each container gets.</summary>
internal static class PodVolumes
{
    /// <summary>Kubernetes' default file mode (0644), so a volume the API server defaulted compares equal.</summary>
    private const int DefaultMode = 420;

    /// <summary>The projected service-account token, audience <c>api://AzureADTokenExchange</c>.</summary>
    public static JsonObject TokenVolume(int expirationSeconds) => ModelJson.ToJson(new V1Volume
    {
        Name = InjectedNames.TokenVolume,
        Projected = new V1ProjectedVolumeSource
        {
            DefaultMode = DefaultMode,
            Sources =
            [
                new V1VolumeProjection
                {
                    ServiceAccountToken = new V1ServiceAccountTokenProjection
                    {
                        Audience = InjectedNames.TokenAudience,
                        ExpirationSeconds = expirationSeconds,
                        Path = InjectedNames.TokenVolume,
                    },
                },
            ],
        },
    });

    /// <summary>Tessera's CA from a ConfigMap in the pod's namespace.</summary>
    public static JsonObject CaVolume(string configMap) => ModelJson.ToJson(new V1Volume
    {
        Name = InjectedNames.CaVolume,
        ConfigMap = new V1ConfigMapVolumeSource
        {
            Name = configMap,
            DefaultMode = DefaultMode,
            Items = [new V1KeyToPath { Key = InjectedNames.CaKey, Path = InjectedNames.CaKey }],
        },
    });

    /// <summary>The mounts every injected container gets: the token, and the CA when one is configured.</summary>
    public static IReadOnlyList<JsonObject> Mounts(string? caConfigMap)
    {
        var token = Mount(InjectedNames.TokenVolume, InjectedNames.TokenMountPath);
        return caConfigMap is null ? [token] : [token, Mount(InjectedNames.CaVolume, InjectedNames.CaMountPath)];
    }

    private static JsonObject Mount(string volume, string path) =>
        ModelJson.ToJson(new V1VolumeMount { Name = volume, MountPath = path, ReadOnlyProperty = true });
}
