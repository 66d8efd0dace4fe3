using System.Security.Cryptography;
using System.Text.Json.Nodes;
using k8s.Models;

namespace Tessera.Webhook.Mutation;

/// <summary>
/// Tessera's agent as a native sidecar: an init container with <c>restartPolicy: Always</c> that starts before the
/// pod's other containers and keeps running beside them, serving the managed identity endpoint on loopback. Unlike
/// Azure's proxy sidecar it needs no iptables rules and no privileges; the application finds it through
/// <c>IDENTITY_ENDPOINT</c> and <c>IDENTITY_HEADER</c>, which unmodified SDKs read.
/// </summary>
internal static class AgentSidecar
{
    /// <summary>The endpoint's path; SDKs append <c>?api-version=…&amp;resource=…</c>.</summary>
    public const string EndpointPath = "/metadata/identity/oauth2/token";

    public static string Endpoint(int port) => $"http://127.0.0.1:{port}{EndpointPath}";

    /// <summary>
    /// The header value the application must send: the one the pod's sidecar already has (the webhook ran before on
    /// this pod), else a new random one. It guards against forged requests, not against people who can read the pod.
    /// </summary>
    public static string IdentityHeader(JsonObject pod)
    {
        var initContainers = PodJson.Spec(pod)?["initContainers"] as JsonArray;
        var index = PodJson.IndexOfName(initContainers, InjectedNames.AgentContainer);
        var env = index < 0 ? null : initContainers![index]?["env"] as JsonArray;
        var header = PodJson.IndexOfName(env, InjectedNames.IdentityHeaderVariable);
        return header >= 0 && PodJson.Text(env![header]?["value"]) is { Length: > 0 } existing
            ? existing
            : Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
    }

    /// <param name="environment">What the agent needs: the workload identity variables and the header.</param>
    public static JsonObject Container(
        string image, int port, IEnumerable<EnvironmentVariable> environment, IEnumerable<JsonObject> mounts)
    {
        var container = ModelJson.ToJson(new V1Container
        {
            Name = InjectedNames.AgentContainer,
            Image = image,
            RestartPolicy = "Always",
            // The agent reads the identity, the token file, Tessera's URL and the header from the variables below.
            Command = ["tessera", "agent", "serve-identity-endpoint", "--listen", $"127.0.0.1:{port}"],
            Env =
            [
                .. environment.Where(v => v.Value.Length > 0)
                    .Select(v => new V1EnvVar { Name = v.Name, Value = v.Value }),
            ],
            Resources = new V1ResourceRequirements
            {
                Requests = new Dictionary<string, ResourceQuantity>
                {
                    ["cpu"] = new("10m"),
                    ["memory"] = new("32Mi"),
                },
                Limits = new Dictionary<string, ResourceQuantity> { ["memory"] = new("128Mi") },
            },
            SecurityContext = new V1SecurityContext
            {
                AllowPrivilegeEscalation = false,
                ReadOnlyRootFilesystem = true,
                RunAsNonRoot = true,
                Capabilities = new V1Capabilities { Drop = ["ALL"] },
            },
        });
        container["volumeMounts"] = new JsonArray([.. mounts.Select(m => m.DeepClone())]);
        return container;
    }
}
