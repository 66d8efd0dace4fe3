using System.Text.Json.Nodes;

namespace Tessera.Webhook.Tests;

/// <summary>
/// Fields the Kubernetes client models do not know, or that newer API servers add, survive: the patch only adds
/// and replaces at explicit paths. (A webhook that re-serialised pods once dropped initContainers[].restartPolicy.)
/// </summary>
public sealed class UnknownFieldTests
{
    private static ReviewBuilder PodFromTheFuture() => new ReviewBuilder()
        .WithSpec(spec =>
        {
            spec["resourceClaims"] = JsonNode.Parse("""[{"name":"gpu","resourceClaimTemplateName":"gpu-template"}]""");
            spec["futureField"] = JsonNode.Parse("""{"mode":"fast","levels":[1,2,3]}""");
        })
        .InitContainer("log-shipper", c =>
        {
            c["restartPolicy"] = "Always";
            c["futureContainerField"] = "keep-me";
        })
        .Edit("api", c => c["resizePolicy"] = JsonNode.Parse("""[{"resourceName":"cpu","restartPolicy":"NotRequired"}]"""));

    [Fact]
    public async Task Patch_has_only_add_and_replace_operations()
    {
        var result = await new WebhookHarness().ReviewAsync(PodFromTheFuture().Annotate(
            "azure.workload.identity/inject-proxy-sidecar", "true"));

        Assert.NotEmpty(result.Patch);
        Assert.All(result.Patch, op => Assert.Contains(op!["op"]!.GetValue<string>(), new[] { "add", "replace" }));
    }

    [Fact]
    public async Task Unknown_fields_are_intact_after_the_patch()
    {
        var review = PodFromTheFuture();
        var before = review.Pod.DeepClone();

        var result = await new WebhookHarness().ReviewAsync(review.Annotate("azure.workload.identity/inject-proxy-sidecar", "true"));

        var spec = result.Pod["spec"]!;
        Assert.True(JsonNode.DeepEquals(before["spec"]!["resourceClaims"], spec["resourceClaims"]));
        Assert.True(JsonNode.DeepEquals(before["spec"]!["futureField"], spec["futureField"]));
        Assert.Equal("Always", result.Container("log-shipper")["restartPolicy"]!.GetValue<string>());
        Assert.Equal("keep-me", result.Container("log-shipper")["futureContainerField"]!.GetValue<string>());
        Assert.Equal("NotRequired", result.Container("api")["resizePolicy"]![0]!["restartPolicy"]!.GetValue<string>());
        Assert.True(JsonNode.DeepEquals(before["metadata"]!["managedFields"], result.Pod["metadata"]!["managedFields"]));
    }

    [Fact]
    public async Task Everything_the_pod_had_is_still_there()
    {
        var review = PodFromTheFuture();
        var before = review.Pod.DeepClone();

        var result = await new WebhookHarness().ReviewAsync(review);

        AssertContains(before, result.Pod, "");
    }

    /// <summary>Every member and array element of <paramref name="before"/> is in <paramref name="after"/>, unchanged.</summary>
    private static void AssertContains(JsonNode? before, JsonNode? after, string path)
    {
        switch (before)
        {
            case JsonObject members:
                foreach (var (key, value) in members)
                {
                    Assert.True(after is JsonObject o && o.ContainsKey(key), $"{path}/{key} is gone");
                    AssertContains(value, after![key], $"{path}/{key}");
                }

                break;
            case JsonArray elements:
                Assert.True(after is JsonArray a && a.Count >= elements.Count, $"{path} lost elements");
                for (var i = 0; i < elements.Count; i++)
                {
                    AssertContains(elements[i], after![i], $"{path}/{i}");
                }

                break;
            default:
                Assert.True(JsonNode.DeepEquals(before, after), $"{path} changed from {before?.ToJsonString()} to {after?.ToJsonString()}");
                break;
        }
    }
}
