namespace Tessera.Webhook.Tests;

/// <summary>
/// The identity endpoint sidecar: Tessera's agent as a native sidecar (init container, <c>restartPolicy: Always</c>)
/// rather than a privileged proxy, and only when the pod asks with <c>inject-proxy-sidecar: "true"</c>.
/// </summary>
public sealed class SidecarTests
{
    private const string Inject = "azure.workload.identity/inject-proxy-sidecar";

    [Theory]
    [InlineData(null)]
    [InlineData("false")]
    [InlineData("False")]
    public async Task No_sidecar_unless_the_pod_asks_for_one(string? annotation)
    {
        var review = new ReviewBuilder();
        if (annotation is not null)
        {
            review.Annotate(Inject, annotation);
        }

        var result = await new WebhookHarness().ReviewAsync(review);

        Assert.True(result.Allowed, result.Message);
        Assert.Empty(result.InitContainerNames);
    }

    [Fact]
    public async Task Sidecar_is_a_native_sidecar_running_the_agent_on_loopback()
    {
        var harness = new WebhookHarness(new WebhookOptions { AgentImage = "registry.example/tessera:1.2.3" });
        var review = new ReviewBuilder().Annotate(Inject, "true");

        var result = await harness.ReviewAsync(review);

        var agent = result.Container("tessera-identity-agent");
        Assert.Equal("Always", agent["restartPolicy"]!.GetValue<string>());
        Assert.Equal("registry.example/tessera:1.2.3", agent["image"]!.GetValue<string>());
        Assert.Equal(
            """["tessera","agent","serve-identity-endpoint","--listen","127.0.0.1:8000"]""", agent["command"]!.ToJsonString());
        Assert.False(agent["securityContext"]!["allowPrivilegeEscalation"]!.GetValue<bool>());
        Assert.Equal("""["ALL"]""", agent["securityContext"]!["capabilities"]!["drop"]!.ToJsonString());
        Assert.Equal(["azure-identity-token:/var/run/secrets/azure/tokens:ro"], result.Mounts("tessera-identity-agent"));
    }

    [Fact]
    public async Task Sidecar_starts_before_the_pods_own_init_containers()
    {
        var review = new ReviewBuilder().Annotate(Inject, "true").InitContainer("migrate").InitContainer("seed");

        var result = await new WebhookHarness().ReviewAsync(review);

        Assert.Equal(["tessera-identity-agent", "migrate", "seed"], result.InitContainerNames);
        Assert.Contains(result.Env("migrate"), e => e.StartsWith("AZURE_CLIENT_ID=", StringComparison.Ordinal));
        Assert.Contains(result.Env("seed"), e => e.StartsWith("IDENTITY_ENDPOINT=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Agent_and_application_share_the_identity_header()
    {
        var review = new ReviewBuilder().Annotate(Inject, "true");

        var result = await new WebhookHarness().ReviewAsync(review);

        var agentHeader = Header(result, "tessera-identity-agent");
        Assert.Equal(48, agentHeader.Length);
        Assert.Equal(agentHeader, Header(result, "api"));
        Assert.DoesNotContain(result.Env("tessera-identity-agent"), e => e.StartsWith("IDENTITY_ENDPOINT", StringComparison.Ordinal));
        Assert.Contains($"AZURE_CLIENT_ID={WebhookHarness.ClientId}", result.Env("tessera-identity-agent"));
    }

    [Fact]
    public async Task Users_own_native_sidecar_keeps_its_restart_policy()
    {
        var review = new ReviewBuilder().InitContainer("log-shipper", c => c["restartPolicy"] = "Always");

        var result = await new WebhookHarness().ReviewAsync(review);

        Assert.Equal("Always", result.Container("log-shipper")["restartPolicy"]!.GetValue<string>());
        Assert.DoesNotContain(result.Operations, o => o.Contains("restartPolicy", StringComparison.Ordinal));
        Assert.All(result.Operations, o => Assert.DoesNotMatch("^(add|replace) /spec/initContainers/0$", o));
    }

    private static string Header(AdmissionResult result, string container) =>
        result.Env(container).Single(e => e.StartsWith("IDENTITY_HEADER=", StringComparison.Ordinal))["IDENTITY_HEADER=".Length..];
}
