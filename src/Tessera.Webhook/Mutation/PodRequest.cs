using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json.Nodes;

namespace Tessera.Webhook.Mutation;

/// <summary>What a pod's own annotations ask of the webhook.</summary>
/// <param name="SkippedContainers">Containers and init containers that get nothing injected.</param>
/// <param name="SidecarPort">The identity endpoint sidecar's loopback port, or null for no sidecar.</param>
/// <param name="TokenExpiration">The token lifetime the pod asks for, which wins over its service account's.</param>
internal sealed record PodRequest(IReadOnlySet<string> SkippedContainers, int? SidecarPort, int? TokenExpiration)
{
    public const int DefaultSidecarPort = 8000;

    /// <summary>Reads the pod's annotations, or says which one is wrong, its value and what is expected.</summary>
    public static bool TryRead(
        JsonObject pod, [NotNullWhen(true)] out PodRequest? request, [NotNullWhen(false)] out string? error)
    {
        request = null;
        int? expiration = null;
        if (PodJson.Annotation(pod, WorkloadIdentityKeys.TokenExpiration) is { } expirationText)
        {
            if (!Mutation.TokenExpiration.TryParse(expirationText, "the pod", out var seconds, out error))
            {
                return false;
            }

            expiration = seconds;
        }

        if (!TryReadSidecar(pod, out var port, out error))
        {
            return false;
        }

        request = new PodRequest(SkippedContainersOf(pod), port, expiration);
        return true;
    }

    private static HashSet<string> SkippedContainersOf(JsonObject pod) =>
        (PodJson.Annotation(pod, WorkloadIdentityKeys.SkipContainers) ?? "")
            .Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .ToHashSet(StringComparer.Ordinal);

    private static bool TryReadSidecar(JsonObject pod, out int? port, [NotNullWhen(false)] out string? error)
    {
        port = null;
        error = null;
        var inject = PodJson.Annotation(pod, WorkloadIdentityKeys.InjectProxySidecar);
        if (inject is null)
        {
            return true;
        }

        if (!bool.TryParse(inject, out var wanted))
        {
            error = $"The pod annotation {WorkloadIdentityKeys.InjectProxySidecar} is '{inject}'; expected 'true' or " +
                "'false'.";
            return false;
        }

        if (!wanted)
        {
            return true;
        }

        if (PodJson.HostNetwork(pod))
        {
            error = $"The pod annotation {WorkloadIdentityKeys.InjectProxySidecar} is 'true' but the pod sets " +
                "hostNetwork: true; on the node's network the sidecar's loopback endpoint would be open to every " +
                "process on the node. Remove the annotation or hostNetwork.";
            return false;
        }

        var portText = PodJson.Annotation(pod, WorkloadIdentityKeys.ProxySidecarPort);
        if (portText is null)
        {
            port = DefaultSidecarPort;
            return true;
        }

        if (int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            && number is >= 1 and <= 65535)
        {
            port = number;
            return true;
        }

        error = $"The pod annotation {WorkloadIdentityKeys.ProxySidecarPort} is '{portText}'; expected a port number " +
            "from 1 to 65535.";
        return false;
    }
}
