using System.Text.Json.Nodes;
using k8s;

namespace Tessera.Webhook.Mutation;

/// <summary>Turns a typed Kubernetes model the webhook builds into the JSON it patches into the pod.</summary>
internal static class ModelJson
{
    public static JsonObject ToJson(object model) => JsonNode.Parse(KubernetesJson.Serialize(model))!.AsObject();
}
