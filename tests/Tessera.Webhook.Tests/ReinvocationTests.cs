using System.Text.Json.Nodes;
using static Tessera.Webhook.Tests.WebhookHarness;

namespace Tessera.Webhook.Tests;

/// <summary>
/// With <c>reinvocationPolicy: IfNeeded</c> the API server calls the webhook again when a later webhook changed the
/// pod. Values the webhook injected itself (recorded in an annotation) follow the pod's current service account;
/// values the user set are never touched; a pod already up to date gets an empty patch.
/// </summary>
public sealed class ReinvocationTests
{
    private static WebhookHarness Harness()
    {
        var harness = new WebhookHarness();
        harness.Accounts.Put("orders", "payments", new Dictionary<string, string>
        {
            ["azure.workload.identity/client-id"] = OtherClientId,
            ["azure.workload.identity/tenant-id"] = TenantId,
            ["azure.workload.identity/service-account-token-expiration"] = "7200",
        });
        return harness;
    }

    private static ReviewBuilder PodWithUserTenant() => new ReviewBuilder().Container("worker", c => c["env"] =
        new JsonArray(new JsonObject { ["name"] = "AZURE_TENANT_ID", ["value"] = "set-by-user" }));

    /// <summary>The review the API server sends next: the patched pod, changed by <paramref name="change"/>.</summary>
    private static JsonObject Again(JsonObject firstReview, AdmissionResult first, Action<JsonObject> change)
    {
        var review = firstReview.DeepClone().AsObject();
        var pod = first.Pod.DeepClone().AsObject();
        change(pod);
        review["request"]!["object"] = pod;
        return review;
    }

    [Fact]
    public async Task Injected_values_follow_a_changed_service_account()
    {
        var harness = Harness();
        var review = PodWithUserTenant().Build();
        var first = await harness.ReviewAsync(review);

        var second = await harness.ReviewAsync(Again(review, first, pod => pod["spec"]!["serviceAccountName"] = "payments"));

        Assert.True(second.Allowed, second.Message);
        Assert.Contains($"AZURE_CLIENT_ID={OtherClientId}", second.Env("api"));
        Assert.Contains($"AZURE_TENANT_ID={TenantId}", second.Env("api"));
        Assert.Contains($"AZURE_CLIENT_ID={OtherClientId}", second.Env("worker"));
        var token = second.Volumes("azure-identity-token").Single()["projected"]!["sources"]![0]!["serviceAccountToken"]!;
        Assert.Equal(7200, token["expirationSeconds"]!.GetValue<int>());
    }

    [Fact]
    public async Task User_set_values_are_never_touched()
    {
        var harness = Harness();
        var review = PodWithUserTenant().Build();
        var first = await harness.ReviewAsync(review);

        var second = await harness.ReviewAsync(Again(review, first, pod => pod["spec"]!["serviceAccountName"] = "payments"));

        Assert.Equal("AZURE_TENANT_ID=set-by-user", second.Env("worker")[0]);
        Assert.DoesNotContain(second.Operations, o => o.StartsWith("replace /spec/containers/1/env/0", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Pod_already_up_to_date_gets_an_empty_patch()
    {
        var harness = Harness();
        var review = PodWithUserTenant().Annotate("azure.workload.identity/inject-proxy-sidecar", "true").Build();
        var first = await harness.ReviewAsync(review);

        var second = await harness.ReviewAsync(Again(review, first, _ => { }));

        Assert.True(second.Allowed);
        Assert.Empty(second.Patch);
        Assert.Equal(["tessera-identity-agent"], second.InitContainerNames);
    }

    [Fact]
    public async Task Client_id_removed_from_the_new_service_account_empties_the_injected_value()
    {
        var harness = Harness();
        harness.Accounts.Put("orders", "anonymous");
        var review = new ReviewBuilder().Build();
        var first = await harness.ReviewAsync(review);

        var second = await harness.ReviewAsync(Again(review, first, pod => pod["spec"]!["serviceAccountName"] = "anonymous"));

        Assert.Contains("AZURE_CLIENT_ID=", second.Env("api"));
    }

    [Fact]
    public async Task Record_names_each_injected_variable_per_container()
    {
        var result = await Harness().ReviewAsync(PodWithUserTenant());

        var record = result.Pod["metadata"]!["annotations"]!["tessera.dev/injected-env"]!.GetValue<string>();
        Assert.Equal(
            """{"api":["AZURE_CLIENT_ID","AZURE_TENANT_ID","AZURE_FEDERATED_TOKEN_FILE","AZURE_AUTHORITY_HOST"],"worker":""" +
            """["AZURE_CLIENT_ID","AZURE_FEDERATED_TOKEN_FILE","AZURE_AUTHORITY_HOST"]}""",
            record);
        Assert.Equal("2026-11-30T10:00:00Z", result.Pod["metadata"]!["annotations"]!["kubectl.kubernetes.io/restartedAt"]!.GetValue<string>());
    }

    [Fact]
    public async Task Record_is_added_to_a_pod_without_annotations()
    {
        var review = new ReviewBuilder();
        review.Pod["metadata"]!.AsObject().Remove("annotations");

        var result = await Harness().ReviewAsync(review);

        Assert.Contains("add /metadata/annotations", result.Operations);
        Assert.NotNull(result.Pod["metadata"]!["annotations"]!["tessera.dev/injected-env"]);
    }
}
