using System.Text.Json;
using System.Text.Json.Nodes;

namespace Tessera.Webhook.Mutation;

/// <summary>Reads the few pod fields the webhook needs from the pod's JSON, leaving everything else alone.</summary>
internal static class PodJson
{
    public static JsonObject? Metadata(JsonObject pod) => pod["metadata"] as JsonObject;

    public static JsonObject? Spec(JsonObject pod) => pod["spec"] as JsonObject;

    public static string? Annotation(JsonObject pod, string key) => Text(Metadata(pod)?["annotations"]?[key]);

    public static string? Label(JsonObject pod, string key) => Text(Metadata(pod)?["labels"]?[key]);

    public static IEnumerable<string> AnnotationKeys(JsonObject pod) =>
        (Metadata(pod)?["annotations"] as JsonObject)?.Select(member => member.Key) ?? [];

    /// <summary>The pod's service account; an empty or missing name means <c>default</c>, as in Kubernetes.</summary>
    public static string ServiceAccountName(JsonObject pod) =>
        Text(Spec(pod)?["serviceAccountName"]) is { Length: > 0 } name ? name : "default";

    /// <summary>The name a person recognises: the pod's name, or its generated-name prefix before it has one.</summary>
    public static string DisplayName(JsonObject pod) =>
        Text(Metadata(pod)?["name"]) is { Length: > 0 } name ? name
        : Text(Metadata(pod)?["generateName"]) is { Length: > 0 } prefix ? prefix + "*"
        : "(unnamed)";

    public static bool HostNetwork(JsonObject pod) =>
        Spec(pod)?["hostNetwork"] is JsonValue value && value.GetValueKind() == JsonValueKind.True;

    /// <summary>The index of the element whose <c>name</c> is <paramref name="name"/>, or -1.</summary>
    public static int IndexOfName(JsonArray? array, string name)
    {
        for (var i = 0; i < (array?.Count ?? 0); i++)
        {
            if (Text(array![i]?["name"]) == name)
            {
                return i;
            }
        }

        return -1;
    }

    public static string? Text(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;
}
