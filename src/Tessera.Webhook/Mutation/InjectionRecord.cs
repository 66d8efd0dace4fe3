using System.Text.Json;
using System.Text.Json.Nodes;

namespace Tessera.Webhook.Mutation;

/// <summary>
/// Which environment variables the webhook itself added to which container, kept in the pod annotation
/// <see cref="WorkloadIdentityKeys.InjectedEnvironment"/>. When the webhook runs again on the same pod (another
/// webhook changed it, say its service account), only these are brought up to date; a variable the user set is
/// never touched. (Container names are unique across containers and init containers, so a name is enough.)
/// </summary>
internal sealed class InjectionRecord
{
    private readonly Dictionary<string, List<string>> _variables;

    private InjectionRecord(Dictionary<string, List<string>> variables) => _variables = variables;

    public bool Changed { get; private set; }

    /// <summary>
    /// The pod's record; empty when it has none or one that cannot be read (then nothing counts as injected).
    /// </summary>
    public static InjectionRecord Read(JsonObject pod)
    {
        var text = PodJson.Annotation(pod, WorkloadIdentityKeys.InjectedEnvironment);
        if (text is null)
        {
            return new InjectionRecord([]);
        }

        try
        {
            return new InjectionRecord(JsonSerializer.Deserialize<Dictionary<string, List<string>>>(text) ?? []);
        }
        catch (JsonException)
        {
            return new InjectionRecord([]);
        }
    }

    public bool IsInjected(string container, string variable) =>
        _variables.TryGetValue(container, out var names) && names.Contains(variable);

    public void MarkInjected(string container, string variable)
    {
        if (!_variables.TryGetValue(container, out var names))
        {
            _variables[container] = names = [];
        }

        names.Add(variable);
        Changed = true;
    }

    /// <summary>Adds or updates the annotation when something was injected this time.</summary>
    public void WriteTo(JsonPatch patch, JsonObject pod)
    {
        if (!Changed)
        {
            return;
        }

        var value = JsonSerializer.Serialize(_variables);
        if (PodJson.Metadata(pod)?["annotations"] is JsonObject)
        {
            // "add" on an existing member replaces its value (RFC 6902, 4.1).
            patch.Add($"/metadata/annotations/{JsonPatch.Escape(WorkloadIdentityKeys.InjectedEnvironment)}", value);
        }
        else
        {
            patch.Add("/metadata/annotations", new JsonObject { [WorkloadIdentityKeys.InjectedEnvironment] = value });
        }
    }
}
