using System.Text.Json.Nodes;

namespace Tessera.Webhook.Mutation;

/// <summary>What one container or init container gets: environment variables and read-only volume mounts.</summary>
internal static class ContainerInjection
{
    /// <param name="path">The container's JSON pointer, such as <c>/spec/initContainers/0</c>.</param>
    public static void Apply(
        JsonPatch patch,
        string path,
        JsonObject container,
        IReadOnlyList<EnvironmentVariable> environment,
        IEnumerable<JsonObject> mounts,
        InjectionRecord record)
    {
        var name = PodJson.Text(container["name"]) ?? "";
        var env = container["env"] as JsonArray;
        var added = new List<JsonObject>();
        foreach (var variable in environment)
        {
            var index = PodJson.IndexOfName(env, variable.Name);
            if (index < 0 && variable.Value.Length > 0)
            {
                added.Add(variable.ToJson());
                record.MarkInjected(name, variable.Name);
            }
            else if (index >= 0 && record.IsInjected(name, variable.Name))
            {
                // Ours from an earlier invocation: bring it up to date (never remove, so an emptied value stays empty).
                patch.ReplaceIfDifferent(env!, path + "/env", index, variable.ToJson());
            }
        }

        patch.Append(env, path + "/env", added);
        patch.PutByName(container["volumeMounts"] as JsonArray, path + "/volumeMounts", mounts);
    }
}
