using System.Text.Json.Nodes;

namespace Tessera.Webhook.Tests;

/// <summary>The projected token volume, its lifetime, and the read-only mounts of it.</summary>
public sealed class VolumeTests
{
    private const string TokenMount = "azure-identity-token:/var/run/secrets/azure/tokens:ro";
    private const string ApiAccessMount = "kube-api-access-7xk2p:/var/run/secrets/kubernetes.io/serviceaccount:ro";

    /// <param name="Account">Annotations of service account orders/orders-api besides its client ID.</param>
    internal sealed record ExpirationCase(Action<ReviewBuilder> Pod, Dictionary<string, string> Account, int Expected);

    private static readonly Dictionary<string, ExpirationCase> s_expirations = new()
    {
        ["Lifetime_is_an_hour_by_default"] = new(_ => { }, [], 3600),
        ["Service_account_annotation_sets_the_lifetime"] = new(_ => { },
            new() { ["azure.workload.identity/service-account-token-expiration"] = "7200" }, 7200),
        ["Pod_annotation_wins_over_the_service_account"] = new(
            p => p.Annotate("azure.workload.identity/service-account-token-expiration", "86400"),
            new() { ["azure.workload.identity/service-account-token-expiration"] = "7200" }, 86400),
        ["Pod_annotation_wins_over_a_bad_service_account_value"] = new(
            p => p.Annotate("azure.workload.identity/service-account-token-expiration", "3600"),
            new() { ["azure.workload.identity/service-account-token-expiration"] = "soon" }, 3600),
    };

    public static TheoryData<string> Expirations => [.. s_expirations.Keys];

    [Theory]
    [MemberData(nameof(Expirations))]
    public async Task Token_lifetime_rule(string name)
    {
        var (pod, account, expected) = s_expirations[name];
        var harness = new WebhookHarness();
        account["azure.workload.identity/client-id"] = WebhookHarness.ClientId;
        harness.Accounts.Put("orders", "orders-api", account);
        var review = new ReviewBuilder();
        pod(review);

        var result = await harness.ReviewAsync(review);

        var token = result.Volumes("azure-identity-token").Single()["projected"]!["sources"]![0]!["serviceAccountToken"]!;
        Assert.Equal(expected, token["expirationSeconds"]!.GetValue<int>());
    }

    [Fact]
    public async Task Projected_volume_holds_a_token_for_the_exchange_audience()
    {
        var result = await new WebhookHarness().ReviewAsync(new ReviewBuilder());

        var volume = Assert.Single(result.Volumes("azure-identity-token"));
        var expected = JsonNode.Parse("""
            {"name":"azure-identity-token","projected":{"defaultMode":420,"sources":[{"serviceAccountToken":
            {"audience":"api://AzureADTokenExchange","expirationSeconds":3600,"path":"azure-identity-token"}}]}}
            """);
        Assert.True(JsonNode.DeepEquals(expected, volume), volume.ToJsonString());
    }

    [Fact]
    public async Task Existing_volume_of_the_same_name_is_replaced_not_duplicated()
    {
        var review = new ReviewBuilder().WithSpec(spec => spec["volumes"]!.AsArray().Add(
            new JsonObject { ["name"] = "azure-identity-token", ["emptyDir"] = new JsonObject() }));

        var result = await new WebhookHarness().ReviewAsync(review);

        var volume = Assert.Single(result.Volumes("azure-identity-token"));
        Assert.Null(volume["emptyDir"]);
        Assert.NotNull(volume["projected"]);
        Assert.Contains("replace /spec/volumes/1", result.Operations);
        Assert.Single(result.Volumes("kube-api-access-7xk2p"));
    }

    [Fact]
    public async Task Every_container_mounts_the_token_read_only_beside_its_own_mounts()
    {
        var review = new ReviewBuilder().InitContainer("migrate");

        var result = await new WebhookHarness().ReviewAsync(review);

        Assert.Equal([ApiAccessMount, TokenMount], result.Mounts("api"));
        Assert.Equal([TokenMount], result.Mounts("migrate"));
    }

    [Fact]
    public async Task Skipped_container_gets_no_mount()
    {
        var review = new ReviewBuilder().Container("logger").Annotate("azure.workload.identity/skip-containers", "logger");

        var result = await new WebhookHarness().ReviewAsync(review);

        Assert.Empty(result.Mounts("logger"));
        Assert.Equal([ApiAccessMount, TokenMount], result.Mounts("api"));
    }

    [Fact]
    public async Task Ca_config_map_is_mounted_beside_the_token()
    {
        var harness = new WebhookHarness(new WebhookOptions { CaConfigMap = "tessera-ca" });

        var result = await harness.ReviewAsync(new ReviewBuilder());

        Assert.Equal([ApiAccessMount, TokenMount, "tessera-ca:/var/run/secrets/tessera/ca:ro"], result.Mounts("api"));
        var volume = Assert.Single(result.Volumes("tessera-ca"));
        Assert.Equal("tessera-ca", volume["configMap"]!["name"]!.GetValue<string>());
        Assert.Equal("ca.crt", volume["configMap"]!["items"]![0]!["key"]!.GetValue<string>());
    }
}
