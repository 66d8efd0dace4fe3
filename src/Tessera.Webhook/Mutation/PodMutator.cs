using System.Text.Json.Nodes;
using k8s.Models;
using Tessera.Webhook.Admission;

namespace Tessera.Webhook.Mutation;

/// <summary>
/// The whole mutation of a labelled pod, as a pure function of the pod's JSON, its service account and the
/// settings: environment variables and the token mount for every container not skipped, the projected token
/// volume, optionally Tessera's CA and the identity endpoint sidecar, and the record of what was injected.
/// </summary>
internal static class PodMutator
{
    public static AdmissionDecision Mutate(JsonObject pod, V1ServiceAccount account, MutationSettings settings)
    {
        if (!PodRequest.TryRead(pod, out var request, out var error) || !WorkloadIdentity.TryResolve(
            account, settings.DefaultTenantId, request.TokenExpiration, out var identity, out error))
        {
            return AdmissionDecision.Deny(error);
        }

        var spec = PodJson.Spec(pod);
        if (spec is null)
        {
            return AdmissionDecision.Allow(MistakeWarnings.For(pod, account));
        }

        var patch = new JsonPatch();
        var record = InjectionRecord.Read(pod);
        var header = request.SidecarPort is null ? null : AgentSidecar.IdentityHeader(pod);
        var environment = Environment(identity, settings, request.SidecarPort, header);
        var mounts = PodVolumes.Mounts(settings.CaConfigMap);

        // With the agent beside them, applications sign in through its managed identity endpoint. Without the token
        // file variable, DefaultAzureCredential skips workload identity (whose instance discovery an unknown
        // authority fails) and reaches the endpoint; the agent alone gets the token file.
        var applicationEnvironment = request.SidecarPort is null
            ? environment
            : [.. environment.Where(v => v.Name != InjectedNames.TokenFileVariable)];
        InjectContainers(patch, spec, "initContainers", request, applicationEnvironment, mounts, record);
        InjectContainers(patch, spec, "containers", request, applicationEnvironment, mounts, record);

        var volumes = new List<JsonObject> { PodVolumes.TokenVolume(identity.TokenExpirationSeconds) };
        if (settings.CaConfigMap is { } configMap)
        {
            volumes.Add(PodVolumes.CaVolume(configMap));
        }

        patch.PutByName(spec["volumes"] as JsonArray, "/spec/volumes", volumes);
        record.WriteTo(patch, pod);
        if (request.SidecarPort is { } port)
        {
            // Last: inserting at the front of initContainers shifts the indices the operations above use.
            AddSidecar(patch, spec, settings.AgentImage, port, environment, mounts);
        }

        return AdmissionDecision.Patch(patch.Operations, MistakeWarnings.For(pod, account));
    }

    /// <summary>The variables, in order; the sidecar and CA ones only when configured.</summary>
    private static List<EnvironmentVariable> Environment(
        WorkloadIdentity identity, MutationSettings settings, int? sidecarPort, string? header)
    {
        var environment = new List<EnvironmentVariable>
        {
            new(InjectedNames.ClientIdVariable, identity.ClientId),
            new(InjectedNames.TenantIdVariable, identity.TenantId),
            new(InjectedNames.TokenFileVariable, InjectedNames.TokenFile),
            new(InjectedNames.AuthorityHostVariable, settings.AuthorityHost ?? ""),
        };
        if (sidecarPort is { } port)
        {
            environment.Add(new(InjectedNames.IdentityEndpointVariable, AgentSidecar.Endpoint(port)));
            environment.Add(new(InjectedNames.IdentityHeaderVariable, header!));
        }

        if (settings.CaConfigMap is not null)
        {
            environment.Add(new(InjectedNames.CertificateFileVariable, InjectedNames.CaFile));
            environment.Add(new(InjectedNames.NodeCertificatesVariable, InjectedNames.CaFile));
        }

        return environment;
    }

    private static void InjectContainers(
        JsonPatch patch,
        JsonObject spec,
        string field,
        PodRequest request,
        List<EnvironmentVariable> environment,
        IReadOnlyList<JsonObject> mounts,
        InjectionRecord record)
    {
        var containers = spec[field] as JsonArray ?? [];
        for (var i = 0; i < containers.Count; i++)
        {
            if (containers[i] is not JsonObject container
                || PodJson.Text(container["name"]) is not { } name
                || name == InjectedNames.AgentContainer
                || request.SkippedContainers.Contains(name))
            {
                continue;
            }

            ContainerInjection.Apply(patch, $"/spec/{field}/{i}", container, environment, mounts, record);
        }
    }

    private static void AddSidecar(
        JsonPatch patch, JsonObject spec, string image, int port, List<EnvironmentVariable> environment,
        IReadOnlyList<JsonObject> mounts)
    {
        // The agent needs the workload identity and the header, not the endpoint it serves itself.
        var agentEnvironment = environment.Where(v => v.Name != InjectedNames.IdentityEndpointVariable);
        var sidecar = AgentSidecar.Container(image, port, agentEnvironment, mounts);
        var initContainers = spec["initContainers"] as JsonArray;
        var index = PodJson.IndexOfName(initContainers, InjectedNames.AgentContainer);
        if (initContainers is null)
        {
            patch.Add("/spec/initContainers", new JsonArray(sidecar));
        }
        else if (index >= 0)
        {
            patch.ReplaceIfDifferent(initContainers, "/spec/initContainers", index, sidecar);
        }
        else
        {
            // First, so the endpoint is up before any other init container or the application starts.
            patch.Add("/spec/initContainers/0", sidecar);
        }
    }
}
