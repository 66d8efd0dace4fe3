using System.Text.Json.Nodes;

namespace Tessera.Webhook.Tests;

/// <summary>
/// An AdmissionReview shaped exactly as a kube-apiserver sends it for a Deployment's pod (labelled, service account
/// <c>orders/orders-api</c>, one container <c>api</c>), edited per test.
/// </summary>
internal sealed class ReviewBuilder
{
    private readonly JsonObject _review = JsonNode.Parse(
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Reviews", "pod-create-v1.json")))!.AsObject();

    public JsonObject Pod => _review["request"]!["object"]!.AsObject();

    public JsonObject Spec => Pod["spec"]!.AsObject();

    public ReviewBuilder Annotate(string key, string value)
    {
        Pod["metadata"]!["annotations"]![key] = value;
        return this;
    }

    /// <summary>Sets a label, or removes it when <paramref name="value"/> is null.</summary>
    public ReviewBuilder Label(string key, string? value)
    {
        var labels = Pod["metadata"]!["labels"]!.AsObject();
        if (value is null)
        {
            labels.Remove(key);
        }
        else
        {
            labels[key] = value;
        }

        return this;
    }

    public ReviewBuilder ServiceAccount(string? name)
    {
        Spec.Remove("serviceAccount");
        Spec.Remove("serviceAccountName");
        if (name is not null)
        {
            Spec["serviceAccountName"] = name;
        }

        return this;
    }

    public ReviewBuilder Container(string name, Action<JsonObject>? edit = null) => AddTo("containers", name, edit);

    public ReviewBuilder InitContainer(string name, Action<JsonObject>? edit = null) => AddTo("initContainers", name, edit);

    /// <summary>Edits an existing container or init container.</summary>
    public ReviewBuilder Edit(string container, Action<JsonObject> edit)
    {
        edit(Containers().Single(c => c["name"]!.GetValue<string>() == container));
        return this;
    }

    public ReviewBuilder WithSpec(Action<JsonObject> edit)
    {
        edit(Spec);
        return this;
    }

    public ReviewBuilder Request(string field, JsonNode? value)
    {
        _review["request"]![field] = value;
        return this;
    }

    public ReviewBuilder ApiVersion(string apiVersion)
    {
        _review["apiVersion"] = apiVersion;
        return this;
    }

    public JsonObject Build() => _review.DeepClone().AsObject();

    private IEnumerable<JsonObject> Containers() =>
        new[] { "initContainers", "containers" }.SelectMany(f => Spec[f]?.AsArray() ?? []).Select(c => c!.AsObject());

    private ReviewBuilder AddTo(string field, string name, Action<JsonObject>? edit)
    {
        var container = new JsonObject
        {
            ["name"] = name,
            ["image"] = $"registry.example/{name}:1.0",
            ["resources"] = new JsonObject(),
            ["terminationMessagePath"] = "/dev/termination-log",
            ["terminationMessagePolicy"] = "File",
            ["imagePullPolicy"] = "IfNotPresent",
        };
        edit?.Invoke(container);
        if (Spec[field] is not JsonArray containers)
        {
            Spec[field] = containers = [];
        }

        containers.Add(container);
        return this;
    }
}
