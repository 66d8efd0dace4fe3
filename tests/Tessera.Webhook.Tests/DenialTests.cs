namespace Tessera.Webhook.Tests;

/// <summary>Pods the webhook refuses: allowed false, code 400, a message naming what is wrong and its value.</summary>
public sealed class DenialTests
{
    internal sealed record Case(Action<ReviewBuilder> Pod, string Message, Dictionary<string, string>? Account = null);

    private const string Expiration = "azure.workload.identity/service-account-token-expiration";
    private const string Sidecar = "azure.workload.identity/inject-proxy-sidecar";
    private const string Port = "azure.workload.identity/proxy-sidecar-port";

    private static readonly Dictionary<string, Case> s_cases = new()
    {
        ["Missing_service_account_is_named"] = new(p => p.ServiceAccount("payments"),
            "The pod's service account 'payments' does not exist in namespace 'orders'; create it, or set " +
            "spec.serviceAccountName to one that exists."),
        ["Empty_service_account_means_default_which_is_missing"] = new(p => p.ServiceAccount(null),
            "The pod's service account 'default' does not exist in namespace 'orders'"),
        ["Pod_expiration_that_is_not_a_number"] = new(p => p.Annotate(Expiration, "1h"),
            $"The annotation {Expiration} of the pod is '1h'; expected a whole number of seconds from 3600 to 86400."),
        ["Pod_expiration_below_an_hour"] = new(p => p.Annotate(Expiration, "3599"),
            $"The annotation {Expiration} of the pod is '3599'; expected"),
        ["Pod_expiration_above_a_day"] = new(p => p.Annotate(Expiration, "86401"),
            $"The annotation {Expiration} of the pod is '86401'; expected"),
        ["Service_account_expiration_out_of_range"] = new(_ => { },
            $"The annotation {Expiration} of service account orders/orders-api is '600'; expected a whole number of " +
            "seconds from 3600 to 86400.",
            Account: new() { [Expiration] = "600" }),
        ["Sidecar_port_that_is_not_a_number"] = new(p => p.Annotate(Sidecar, "true").Annotate(Port, "http"),
            $"The pod annotation {Port} is 'http'; expected a port number from 1 to 65535."),
        ["Sidecar_port_zero"] = new(p => p.Annotate(Sidecar, "true").Annotate(Port, "0"),
            $"The pod annotation {Port} is '0'; expected a port number from 1 to 65535."),
        ["Sidecar_port_above_65535"] = new(p => p.Annotate(Sidecar, "true").Annotate(Port, "70000"),
            $"The pod annotation {Port} is '70000'; expected a port number from 1 to 65535."),
        ["Sidecar_on_the_host_network"] = new(p => p.Annotate(Sidecar, "true").WithSpec(s => s["hostNetwork"] = true),
            $"The pod annotation {Sidecar} is 'true' but the pod sets hostNetwork: true"),
        ["Sidecar_annotation_that_is_not_a_boolean"] = new(p => p.Annotate(Sidecar, "yes"),
            $"The pod annotation {Sidecar} is 'yes'; expected 'true' or 'false'."),
    };

    public static TheoryData<string> Cases => [.. s_cases.Keys];

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Denial(string name)
    {
        var (pod, message, account) = s_cases[name];
        var harness = new WebhookHarness();
        if (account is not null)
        {
            harness.Accounts.Put("orders", "orders-api", account);
        }

        var review = new ReviewBuilder();
        pod(review);

        var result = await harness.ReviewAsync(review);

        Assert.False(result.Allowed);
        Assert.Equal(400, result.Code);
        Assert.StartsWith(message, result.Message, StringComparison.Ordinal);
        Assert.Empty(result.Patch);
    }

    [Fact]
    public async Task Bad_port_does_not_matter_without_the_sidecar()
    {
        var review = new ReviewBuilder().Annotate(Port, "http");

        var result = await new WebhookHarness().ReviewAsync(review);

        Assert.True(result.Allowed, result.Message);
    }

    [Fact]
    public async Task Host_network_without_the_sidecar_is_allowed()
    {
        var review = new ReviewBuilder().WithSpec(s => s["hostNetwork"] = true);

        var result = await new WebhookHarness().ReviewAsync(review);

        Assert.True(result.Allowed, result.Message);
    }
}
