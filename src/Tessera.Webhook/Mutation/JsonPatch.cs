using System.Text.Json.Nodes;

namespace Tessera.Webhook.Mutation;

/// <summary>
/// An RFC 6902 patch built from targeted <c>add</c> and <c>replace</c> operations at explicit paths. It never
/// re-serialises the pod and never removes anything, so fields the webhook does not know survive.
/// </summary>
internal sealed class JsonPatch
{
    private readonly JsonArray _operations = [];

    public int Count => _operations.Count;

    public JsonArray Operations => _operations;

    /// <summary>Adds a member, an array element at an index, or an element at the end (<c>…/-</c>).</summary>
    public void Add(string path, JsonNode value) => Append("add", path, value);

    public void Replace(string path, JsonNode value) => Append("replace", path, value);

    /// <summary>
    /// Puts each value into <paramref name="array"/> (at <paramref name="arrayPath"/>) by its <c>name</c>: in place of
    /// the element of the same name when it differs from it, else at the end.
    /// </summary>
    public void PutByName(JsonArray? array, string arrayPath, IEnumerable<JsonObject> values)
    {
        var appended = new List<JsonObject>();
        foreach (var value in values)
        {
            var index = PodJson.IndexOfName(array, PodJson.Text(value["name"])!);
            if (index < 0)
            {
                appended.Add(value);
            }
            else
            {
                ReplaceIfDifferent(array!, arrayPath, index, value);
            }
        }

        Append(array, arrayPath, appended);
    }

    /// <summary>Replaces element <paramref name="index"/> unless it already equals the value.</summary>
    public void ReplaceIfDifferent(JsonArray array, string arrayPath, int index, JsonObject value)
    {
        if (!JsonNode.DeepEquals(array[index], value))
        {
            Replace($"{arrayPath}/{index}", value);
        }
    }

    /// <summary>Adds values at the end of an array, or the array itself when the pod has none yet.</summary>
    public void Append(JsonArray? array, string arrayPath, IReadOnlyList<JsonObject> values)
    {
        if (values.Count == 0)
        {
            return;
        }

        if (array is null)
        {
            Add(arrayPath, new JsonArray([.. values.Select(v => v.Parent is null ? v : v.DeepClone())]));
            return;
        }

        foreach (var value in values)
        {
            Add(arrayPath + "/-", value);
        }
    }

    /// <summary>Escapes one path segment (RFC 6901): <c>~</c> as <c>~0</c>, <c>/</c> as <c>~1</c>.</summary>
    public static string Escape(string segment) =>
        segment.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    private void Append(string operation, string path, JsonNode value) => _operations.Add(new JsonObject
    {
        ["op"] = operation,
        ["path"] = path,
        // A node has one parent; the same mount or variable goes into several containers.
        ["value"] = value.Parent is null ? value : value.DeepClone(),
    });
}
